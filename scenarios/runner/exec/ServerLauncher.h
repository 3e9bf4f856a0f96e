// Starting a server inside a host and knowing when it is ready: the reference servers by
// name, `$server` (the server under test, or the user's --server-cmd), or any program.
#pragma once

#include <string>
#include <vector>

#include "scenarios/runner/exec/RunContext.h"

namespace tcpfault::scenario {

// The reference servers shipped in build/; a scenario's `servers` line names some.
const std::vector<std::string>& referenceServers();
bool isReferenceServer(const std::string& name);

// argv for `start HOST PROGRAM ARGS...` (PROGRAM may be `$server`).
std::vector<std::string> serverArgv(const RunContext& ctx, const Step& step);

// Spawns argv in host and waits until it listens on `port` (its "listening on" line or a
// LISTEN socket seen by sock_diag), bounded by kServerReadySeconds. Throws on failure.
ServerProcess launchServer(RunContext& ctx, const std::string& host,
                           std::vector<std::string> argv, uint16_t port);

}  // namespace tcpfault::scenario
