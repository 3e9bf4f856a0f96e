#include "scenarios/runner/exec/ServerLauncher.h"

#include <unistd.h>

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "netns/SocketDiag.h"
#include "scenarios/runner/exec/ResultMatch.h"

namespace tcpfault::scenario {

const std::vector<std::string>& referenceServers() {
  static const std::vector<std::string> names{"fork-echo",       "epoll-lt-echo", "epoll-et-echo",
                                              "epoll-pool-echo", "epoll-chat",    "poll-echo",
                                              "select-echo"};
  return names;
}

bool isReferenceServer(const std::string& name) {
  const auto& n = referenceServers();
  return std::find(n.begin(), n.end(), name) != n.end();
}

namespace {

std::string substitutePort(std::string s, uint16_t port) {
  for (size_t at; (at = s.find("{port}")) != std::string::npos;)
    s.replace(at, 6, std::to_string(port));
  return s;
}

}  // namespace

std::vector<std::string> serverArgv(const RunContext& ctx, const Step& step) {
  const std::string& prog = step.args.at(0).text;
  std::vector<std::string> extra;
  for (size_t i = 1; i < step.args.size(); ++i)
    extra.push_back(substitutePort(step.args[i].text, static_cast<uint16_t>(ctx.sc.port)));
  std::vector<std::string> argv;
  if (prog == "$server" && ctx.opts.serverCmd) {
    // A user's server: one shell command line; `exec` so the pid is the server's.
    return {"/bin/sh", "-c", "exec " + substitutePort(*ctx.opts.serverCmd, static_cast<uint16_t>(ctx.sc.port))};
  }
  std::string name = prog == "$server" ? ctx.server : prog;
  if (isReferenceServer(name)) {
    argv = {ctx.opts.buildDir + "/" + name};
    if (prog == "$server") {
      argv.push_back("--port");
      argv.push_back(std::to_string(ctx.sc.port));
    }
  } else {
    argv = {name};
  }
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

ServerProcess launchServer(RunContext& ctx, const std::string& host,
                           std::vector<std::string> argv, uint16_t port) {
  netns::SpawnOptions opts;
  opts.argv = argv;
  opts.closeOtherFds = true;  // runs side by side: never inherit another run's sockets
  opts.env = {"TCPFAULT_RUN=" + std::to_string(::getpid())};  // found by --cleanup
  ServerProcess sp{ctx.host(host).spawn(opts), argv, port};
  auto deadline = ctx.deadline(kServerReadySeconds);
  for (;;) {
    if (sp.child.waitForOutput("listening on", std::chrono::milliseconds(10))) return sp;
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
