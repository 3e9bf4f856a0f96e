#include "scenarios/runner/exec/JobPool.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "scenarios/runner/exec/CpuGate.h"
#include "scenarios/runner/exec/PropertyVerdicts.h"
#include "scenarios/runner/exec/RunScenario.h"
#include "scenarios/runner/lang/Grammar.h"

namespace tcpfault::scenario {
namespace {

bool cancelled(int fd) {
  pollfd p{fd, POLLIN, 0};
  return fd >= 0 && ::poll(&p, 1, 0) > 0;
}

report::RunRecord skipped(const Job& j, std::string why) {
  report::RunRecord r(j.run);
  r.status = report::Status::Skip;
  r.message = std::move(why);
  return r;
}

// An exception escaping a worker thread would std::terminate the runner: it becomes the
// run's harness error instead.
report::RunRecord runOnce(const Job& j, const RunOptions& opts) {
  if (cancelled(opts.cancelFd)) return skipped(j, "interrupted before it ran");
  if (!j.skip.empty()) return skipped(j, j.skip);
  try {
    return runScenario(*j.sc, j.run, opts, j.profile.get());
  } catch (const std::exception& e) {
    report::RunRecord r(j.run);
    r.status = report::Status::Error;
    r.message = fmt::format("harness error: {}", e.what());
    return r;
  }
}

// A run against a server under test also says what it decided about the server.
report::RunRecord runOne(const Job& j, const RunOptions& opts) {
  report::RunRecord r = runOnce(j, opts);
  if (j.profile) judgeStoryProperty(*j.sc, r);
  return r;
}

}  // namespace

int defaultLanes(long cores) {
  return static_cast<int>(std::clamp(cores * kLanesPerCore, 1L, long{kMaxDefaultLanes}));
}

double timerBoundSeconds(const Scenario& sc) {
  double sum = 0;
  for (const auto& step : sc.steps) {
    if ((traitsOf(step) & kSleeps) && !step.args.empty())
      sum += step.args[0].seconds;
    sum += step.after.value_or(0);
  }
  return sum;
}

std::vector<size_t> dispatchOrder(const std::vector<Job>& jobs, const RunSeconds& last) {
  std::vector<double> bound(jobs.size());
  for (size_t i = 0; i < jobs.size(); ++i) {
    auto seen = last.find(runSecondsKey(jobs[i].run));
    bound[i] = seen != last.end() ? seen->second : timerBoundSeconds(*jobs[i].sc);
  }
  std::vector<size_t> order(jobs.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return bound[a] > bound[b]; });
  return order;
}

std::vector<report::RunRecord> runJobs(const std::vector<Job>& jobs, const RunOptions& opts,
                                       int parallel, const OnFinished& onFinished) {
  std::vector<report::RunRecord> results(jobs.size());
  std::vector<size_t> order = dispatchOrder(jobs, opts.lastSeconds);
  // `solo` runs first, one at a time: their bounds are tens of milliseconds, which the
  // scheduling delays of a machine full of other runs would take for the kernel's.
  size_t solo = static_cast<size_t>(
      std::stable_partition(order.begin(), order.end(), [&](size_t i) { return jobs[i].sc->solo; }) -
      order.begin());
  std::atomic<size_t> next{0};
  std::mutex mu;
  long cores = std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN));
  CpuGate gate(static_cast<int>(cores), static_cast<int>(cores * kFixedLanesPerCore));
  std::atomic<int> active{0};
  auto worker = [&](size_t end) {
    for (size_t n; (n = next.fetch_add(1)) < end;) {
      size_t i = order[n];
      if (parallel > 1) gate.awaitRoom([&] { return cancelled(opts.cancelFd); }, active);
      ++active;
      report::RunRecord r = runOne(jobs[i], opts);
      --active;
      std::lock_guard lk(mu);
      try {
        onFinished(r);
      } catch (const std::exception& e) {  // a worker thread must not end the process
        r.status = report::Status::Error;
        r.message += fmt::format(" (reporting it failed: {})", e.what());
      }
      results[i] = std::move(r);
    }
  };
  if (solo > 0) std::thread(worker, solo).join();  // a thread of its own: it owns its hosts
  next = solo;
  std::vector<std::thread> threads;
  for (int t = 0; t < std::max(1, parallel); ++t) threads.emplace_back(worker, jobs.size());
  for (auto& t : threads) t.join();
  return results;
}

}  // namespace tcpfault::scenario
