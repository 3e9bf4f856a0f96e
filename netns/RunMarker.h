// Every agent and server a run starts carries TCPFAULT_RUN=<the runner's identity> in its
// environment, so `scenarios --cleanup` can tell a stray of a dead run from a process of
// a live one. A pid alone is not an identity: a rootless runner is pid 2 inside its own
// PID namespace, and pid 2 outside it is another process (kthreadd). The identity is the
// runner's PID namespace (its nsfs inode), its pid there and its start time, which name
// one process from any PID namespace that can see it, and never a later one.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

namespace tcpfault::netns {

inline constexpr std::string_view kRunMarkerVar = "TCPFAULT_RUN";

// "pidns:<inode>:pid:<pid>:start:<ticks>" of the calling process (computed once).
const std::string& runMarker();

// The same identity of a process seen in this /proc (tests, and to check a marker).
std::optional<std::string> runMarkerOf(pid_t pid);

enum class RunnerState { Alive, Gone, Malformed };

// Alive: a process in this /proc has this identity. Gone: the text is an identity and no
// such process is visible. Malformed: not an identity (an older build's bare pid, or a
// stranger's): not ours to judge.
RunnerState runnerState(std::string_view marker);

}  // namespace tcpfault::netns
