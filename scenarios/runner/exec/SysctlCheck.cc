#include "scenarios/runner/exec/SysctlCheck.h"

#include "netns/SysctlPolicy.h"
#include "scenarios/runner/lang/Grammar.h"

namespace tcpfault::scenario {

std::vector<std::string> checkSysctlKeys(const std::vector<Scenario>& scenarios, const KernelVersion& kernel) {
  std::vector<std::string> errors;
  for (const auto& sc : scenarios) {
    if (kernelSkipReason(sc.kernels, kernel)) continue;  // not run here: its keys may not exist
    for (const auto& step : sc.steps) {
      if (!(traitsOf(step) & kSetsSysctl) || step.args.empty())
        continue;
      if (step.when && !step.when->holds(kernel)) continue;
      const Arg& kv = step.args[0];
      auto verdict = netns::checkSysctlKey(kv.text.substr(0, kv.text.find('=')));
      if (!verdict.allowed)
        errors.emplace_back(ParseError(sc.file, kv.pos, verdict.reason, step.source).what());
    }
  }
  return errors;
}

}  // namespace tcpfault::scenario
