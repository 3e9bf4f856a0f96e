// `scenarios --cleanup`: removes what a killed run could have left. By design a run leaves
// nothing (keepers die with the runner and take their namespaces along), so this finds
// strays from older builds or from netns-bench's `ip`-based topology, and removes only
// what tcpfault made: processes whose TCPFAULT_RUN names a runner that is gone
// (netns/RunMarker.h; killed through a pidfd), and /run/netns entries with a tcpfault name
// and marker (netns/NetnsMark.h) that are namespace mounts no live process uses. Anything
// else with a tf- name is left alone and said; root-namespace links named tf-* are
// reported for a person to look at.
#pragma once

#include <fmt/format.h>

#include <string>
#include <utility>

namespace tcpfault::scenario {

struct CleanupResult {
  int found = 0;   // leftovers found
  int failed = 0;  // of those, not removed (each said with its reason)
  // What it removed, kept and could not remove, a line each. It quotes other processes'
  // environment and other tools' names: the caller prints it through the terminal
  // sanitiser (reports/TerminalSafe.h), never as is.
  std::string log;
  template <typename... T>
  void say(fmt::format_string<T...> format, T&&... args) {
    log += fmt::format(format, std::forward<T>(args)...);
  }
};

CleanupResult cleanupLeftovers();

}  // namespace tcpfault::scenario
