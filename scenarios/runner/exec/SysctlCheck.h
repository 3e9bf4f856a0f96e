// `sysctl HOST KEY=VALUE` may only set keys of the host's network namespace: a global key
// (kernel.*, vm.*, net.core.rmem_max, ...) would change the whole machine. The kernel
// decides (netns/SysctlPolicy.h), so this runs after the privilege step, before any run.
#pragma once

#include <string>
#include <vector>

#include "scenarios/runner/lang/Scenario.h"

namespace tcpfault::scenario {

// One "file:line:col: error: ..." (as ParseError formats it) per refused key. A story or
// a `when` step that does not run on `kernel` is not checked: a key a newer kernel
// brought (net.ipv4.tcp_syn_linear_timeouts) is unknown to an older one.
std::vector<std::string> checkSysctlKeys(const std::vector<Scenario>& scenarios, const KernelVersion& kernel);

}  // namespace tcpfault::scenario
