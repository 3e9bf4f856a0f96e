// The agent: a process the runner starts inside a host (build/tcpfault-agent), which
// makes the socket calls of that host's steps and reports each result. It is a separate
// process so that a signal it dies of (SIGPIPE) is observed, not suffered, by the runner.
#pragma once

#include <string_view>

namespace tcpfault::scenario {

// Serves requests from ctlFd until EOF; returns the process exit code.
int agentMain(int ctlFd);

// Byte i of the pattern stream that "write VAR N" sends and "readall" checks.
char patternByte(unsigned long long i);

// Whether the agent has a handler for the verb (tests hold this against the grammar).
bool agentHandles(std::string_view verb);

}  // namespace tcpfault::scenario
