// `scenarios --cleanup`: removes what a killed run could have left. By design a run leaves
// nothing (keepers die with the runner and take their namespaces along), so this finds
// strays from older builds or from `ip`-based tools: processes marked TCPFAULT_RUN whose
// runner is gone and /run/netns/tf-* that no live process uses (its owner pid, encoded
// in the name as tf-<what>-<pid>..., or a process inside it); root-namespace links named
// tf-* are reported.
#pragma once

namespace tcpfault::scenario {

struct CleanupResult {
  int found = 0;   // leftovers found
  int failed = 0;  // of those, not removed (each printed with its reason)
};

// Prints what it removed, kept and could not remove.
CleanupResult cleanupLeftovers();

}  // namespace tcpfault::scenario
