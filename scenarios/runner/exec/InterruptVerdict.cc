#include "scenarios/runner/exec/InterruptVerdict.h"

#include <fmt/format.h>

#include "netns/ErrnoName.h"

namespace tcpfault::scenario {

StepOutcome interruptVerdict(const std::string& expected, int sent, const AgentResult& r) {
  switch (r.outcome) {
    case AgentResult::Outcome::Reply:
      return r.reply.ret == 0 ? StepOutcome::pass(r.reply.data) : StepOutcome::fail(expected, r.reply.data);
    case AgentResult::Outcome::Died:
      // Only death by the signal sent is its doing: anything else ended the agent.
      if (r.status.signaled() && r.status.termSignal() == sent)
        return StepOutcome::pass("the agent " + r.status.describe());
      return StepOutcome::fail(expected, fmt::format("the agent {} (not by the {} sent)", r.status.describe(),
                                                     signalName(sent)));
    default:
      return StepOutcome::fail(expected, "no answer from the agent");
  }
}

}  // namespace tcpfault::scenario
