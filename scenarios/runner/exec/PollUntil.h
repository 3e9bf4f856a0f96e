// Polling a state to a deadline: the one wait that has no event to block on (TCP state,
// /proc). `expect` steps re-evaluate a probe until it holds or their bound runs out.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "scenarios/runner/exec/RunContext.h"

namespace tcpfault::scenario {

inline constexpr auto kPollInterval = std::chrono::milliseconds(20);

// Re-evaluates probe every `interval` until it reports success or the deadline passes;
// the last observation is what a failure shows. With a settle time the probe must hold on
// every poll for that long, the deadline included: a count caught in a transient
// (FIN_WAIT1 for the instant before the ACK), or first seen at the last poll, does not
// pass. checkCancelled throws to end the wait (Ctrl-C).
StepOutcome pollUntil(Clock::time_point deadline, const std::string& expected,
                      const std::function<bool(std::string&)>& probe, Clock::duration settle,
                      const std::function<void()>& checkCancelled,
                      Clock::duration interval = kPollInterval);

}  // namespace tcpfault::scenario
