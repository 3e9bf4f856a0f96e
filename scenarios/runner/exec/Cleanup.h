// `scenarios --cleanup`: removes what a killed run could have left. By design a run leaves
// nothing (keepers die with the runner and take their namespaces along), so this finds
// strays from older builds or from `ip`-based tools: processes marked TCPFAULT_RUN whose
// runner is gone and /run/netns/tf-*; root-namespace links named tf-* are reported.
#pragma once

namespace tcpfault::scenario {

// Prints what it removed; returns the number of leftovers found.
int cleanupLeftovers();

}  // namespace tcpfault::scenario
