// `sysctl HOST KEY=VALUE` may only set keys of the host's network namespace: a global key
// (kernel.*, vm.*, net.core.rmem_max, ...) would change the whole machine. The kernel
// decides (netns/SysctlPolicy.h), so this runs after the privilege step, before any run.
#pragma once

#include <string>
#include <vector>

#include "scenarios/runner/lang/Scenario.h"

namespace tcpfault::scenario {

// One "file:line:col: error: ..." (as ParseError formats it) per refused key.
std::vector<std::string> checkSysctlKeys(const std::vector<Scenario>& scenarios);

}  // namespace tcpfault::scenario
