#include "scenarios/runner/exec/ServerLauncher.h"

#include <unistd.h>

#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "netns/SocketDiag.h"
#include "servers/ServerRegistry.h"
#include "servers/core/Readiness.h"
#include "scenarios/runner/exec/ResultMatch.h"

namespace tcpfault::scenario {

const std::vector<std::string>& referenceServers() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& s : servers::kServerRegistry) out.emplace_back(s.name);
    return out;
  }();
  return names;
}

bool isReferenceServer(const std::string& name) { return servers::findServer(name) != nullptr; }

namespace {

std::string substitutePort(std::string s, uint16_t port) {
  for (size_t at; (at = s.find("{port}")) != std::string::npos;)
    s.replace(at, 6, std::to_string(port));
  return s;
}

// The port a scenario wrote itself ("start server fork-echo --port 7000"), if any.
std::optional<uint16_t> writtenPort(const std::vector<std::string>& extra) {
  for (size_t i = 0; i + 1 < extra.size(); ++i)
    if (extra[i] == "--port" || extra[i] == "-p") return static_cast<uint16_t>(std::stoi(extra[i + 1]));
  return std::nullopt;
}

}  // namespace

ServerCommand serverCommand(const RunContext& ctx, const Step& step) {
  auto port = static_cast<uint16_t>(ctx.sc.port);
  const std::string& prog = step.args.at(0).text;
  if (prog == "$server" && ctx.opts.serverCmd)  // one shell line; `exec` so the pid is the server's
    return {{"/bin/sh", "-c", "exec " + substitutePort(*ctx.opts.serverCmd, port)}, port};
  std::vector<std::string> extra;
  for (size_t i = 1; i < step.args.size(); ++i) extra.push_back(substitutePort(step.args[i].text, port));
  std::string name = prog == "$server" ? ctx.server : prog;
  std::vector<std::string> argv{isReferenceServer(name) ? ctx.opts.buildDir + "/" + name : name};
  if (prog == "$server" && isReferenceServer(name)) argv.insert(argv.end(), {"--port", std::to_string(port)});
  argv.insert(argv.end(), extra.begin(), extra.end());
  return {argv, writtenPort(extra).value_or(port)};
}

StartedServer launchServer(RunContext& ctx, const std::string& host, const ServerCommand& cmd) {
  const std::vector<std::string>& argv = cmd.argv;
  uint16_t port = cmd.port;
  netns::SpawnOptions opts;
  opts.argv = argv;
  opts.closeOtherFds = true;  // runs side by side: never inherit another run's sockets
  opts.env = {"TCPFAULT_RUN=" + std::to_string(::getpid())};  // found by --cleanup
  StartedServer sp{ctx.host(host).spawn(opts), argv, port};
  auto deadline = ctx.deadline(kServerReadySeconds);
  for (;;) {
    if (sp.child.waitForOutput(servers::kReadyPrefix, std::chrono::milliseconds(10))) return sp;
    for (const auto& so : netns::tcpSockets(ctx.host(host)))
      if (so.state == "LISTEN" && so.localPort == port) return sp;
    if (!sp.child.running())
      throw std::runtime_error(fmt::format("server `{}` on {} exited before listening: {}",
                                           argv[0], host, quoteData(sp.child.output(), 400)));
    if (Clock::now() >= deadline)
      throw std::runtime_error(fmt::format("server `{}` on {} not listening on port {} after {}s",
                                           argv[0], host, port, kServerReadySeconds));
    ctx.checkCancelled();
  }
}

}  // namespace tcpfault::scenario
