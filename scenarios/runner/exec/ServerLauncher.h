// Starting a server inside a host and knowing when it is ready: the reference servers by
// name, `$server` (the server under test, or the user's --server-cmd), or any program.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "scenarios/runner/exec/RunContext.h"

namespace tcpfault::scenario {

// The reference servers shipped in build/; a scenario's `servers` line names some.
const std::vector<std::string>& referenceServers();
bool isReferenceServer(const std::string& name);

// What `start HOST PROGRAM ARGS...` runs (PROGRAM may be `$server`) and the port it will
// listen on: the scenario's `port`, or the --port/-p the line writes itself. Decided
// here, once, while argv is built.
struct ServerCommand {
  std::vector<std::string> argv;
  uint16_t port = 0;
  std::shared_ptr<TempDir> dir;  // a profile's {dir}
  std::string note;              // `$server` arguments the profile's command does not take
  bool readinessLine = true;     // trust "listening on" (ours); a user's server: the socket only
};
ServerCommand serverCommand(const RunContext& ctx, const Step& step);

// Spawns the command in host and waits until it listens on its port (the readiness line
// or a LISTEN socket seen by sock_diag), bounded by kServerReadySeconds. Throws on failure.
StartedServer launchServer(RunContext& ctx, const std::string& host, const ServerCommand& cmd);

}  // namespace tcpfault::scenario
