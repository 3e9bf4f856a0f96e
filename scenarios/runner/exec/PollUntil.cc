#include "scenarios/runner/exec/PollUntil.h"

#include <optional>
#include <thread>

#include <fmt/format.h>

namespace tcpfault::scenario {

StepOutcome pollUntil(Clock::time_point deadline, const std::string& expected,
                      const std::function<bool(std::string&)>& probe, Clock::duration settle,
                      const std::function<void()>& checkCancelled, Clock::duration interval) {
  std::string observed;
  std::optional<Clock::time_point> heldSince;
  for (;;) {
    bool held = probe(observed);
    auto now = Clock::now();
    if (!held) heldSince.reset();
    else if (!heldSince) heldSince = now;
    if (held && now - *heldSince >= settle) return StepOutcome::pass(observed);
    if (now >= deadline) {
      if (!held) return StepOutcome::fail(expected, observed);
      // Held, but not for the settle time: a transient is no pass at the deadline either.
      using std::chrono::duration_cast, std::chrono::milliseconds;
      return StepOutcome::fail(expected, fmt::format("{} for only {}ms of the {}ms it must hold", observed,
                                                     duration_cast<milliseconds>(now - *heldSince).count(),
                                                     duration_cast<milliseconds>(settle).count()));
    }
    checkCancelled();
    std::this_thread::sleep_for(interval);
  }
}

}  // namespace tcpfault::scenario
