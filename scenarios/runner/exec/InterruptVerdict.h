// What `interrupt HOST VAR SIGNAME` concludes from the agent's answer. A signal the agent
// does not catch ends it, and that passes (the await then says "signal SIGNAME"); the
// agent dying of another signal, or exiting, is no interrupt: that fails, and says how.
#pragma once

#include <string>

#include "scenarios/runner/agent/AgentClient.h"
#include "scenarios/runner/exec/RunContext.h"

namespace tcpfault::scenario {

// expected: what the step wanted ("SIGUSR1 to a asleep in the kernel"); sent: the signal.
StepOutcome interruptVerdict(const std::string& expected, int sent, const AgentResult& r);

}  // namespace tcpfault::scenario
