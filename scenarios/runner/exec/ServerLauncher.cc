#include "scenarios/runner/exec/ServerLauncher.h"

#include <unistd.h>

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "netns/RunMarker.h"
#include "netns/SocketDiag.h"
#include "servers/ServerRegistry.h"
#include "servers/core/Readiness.h"
#include "scenarios/runner/exec/ResultMatch.h"
#include "scenarios/runner/exec/StartLine.h"

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

constexpr size_t kServerOutputTailBytes = 1 << 20;

// An argv word, not a shell line: {port} replaced in one pass, nothing quoted.
std::string substitutePort(const std::string& s, uint16_t port) {
  std::string out;
  size_t from = 0;
  for (size_t at; (at = s.find("{port}", from)) != std::string::npos; from = at + 6)
    out += s.substr(from, at - from) + std::to_string(port);
  return out + s.substr(from);
}

// The port a scenario wrote itself ("start server fork-echo --port 7000"), if any.
std::optional<uint16_t> writtenPort(const std::vector<std::string>& extra) {
  for (size_t i = 0; i + 1 < extra.size(); ++i)
    if (extra[i] == "--port" || extra[i] == "-p") return static_cast<uint16_t>(std::stoi(extra[i + 1]));
  return std::nullopt;
}

}  // namespace

namespace {

// Defaults for the placeholders a scenario did not fill with a `$server` argument.
std::map<std::string, std::string> placeholderValues(const Step& step, uint16_t port,
                                                     const ServerProfile& p, const TempDir& dir) {
  std::map<std::string, std::string> v{{"port", std::to_string(port)}, {"bind", "0.0.0.0"},
                                       {"reap", "waitpid"},  {"max-fds", "1024"},
                                       {"min-threads", "4"},  {"max-threads", "4"},
                                       {"no-restart", ""},    {"dir", dir.path()},
                                       {"here", p.here}};
  for (const auto& [name, value] : serverArguments(step)) v[name] = value;
  return v;
}

// A profile's start command: one shell line (StartLine.h). The fd limit is the runner's
// to set, as `--max-fds` does for the reference servers.
ServerCommand profileCommand(const Step& step, uint16_t port, const ServerProfile& p) {
  auto dir = std::make_shared<TempDir>("tcpfault-" + p.name);
  auto values = placeholderValues(step, port, p, *dir);
  std::optional<std::string> maxFds;
  std::string note;
  for (const auto& [name, value] : serverArguments(step)) {
    if (name == "max-fds") maxFds = value;
    else if (p.start.find("{" + name + "}") == std::string::npos)
      note += fmt::format("`$server --{} {}` not passed: {}'s start command has no {{{}}}\n", name, value,
                          p.name, name);
  }
  std::string line = startShellLine(p.start, values, maxFds ? &*maxFds : nullptr);
  return {{"/bin/sh", "-c", line}, port, dir, note, false};
}

}  // namespace

ServerCommand serverCommand(const RunContext& ctx, const Step& step) {
  auto port = static_cast<uint16_t>(ctx.sc.port);
  const std::string& prog = step.args.at(0).text;
  bool underTest = prog == "$server";
  if (underTest && !ctx.profile) throw std::runtime_error("`start HOST $server` but no server under test was chosen");
  if (underTest && !ctx.profile->reference()) return profileCommand(step, port, *ctx.profile);
  std::vector<std::string> extra;
  for (size_t i = 1; i < step.args.size(); ++i) extra.push_back(substitutePort(step.args[i].text, port));
  std::string name = underTest ? ctx.profile->name : prog;
  std::vector<std::string> argv{isReferenceServer(name) ? ctx.opts.buildDir + "/" + name : name};
  if (underTest) argv.insert(argv.end(), {"--port", std::to_string(port)});
  argv.insert(argv.end(), extra.begin(), extra.end());
  return {argv, writtenPort(extra).value_or(port), nullptr, {}, isReferenceServer(name)};
}

StartedServer launchServer(RunContext& ctx, const std::string& host, const ServerCommand& cmd) {
  const std::vector<std::string>& argv = cmd.argv;
  uint16_t port = cmd.port;
  netns::SpawnOptions opts;
  opts.argv = argv;
  opts.env = {std::string(netns::kRunMarkerVar) + "=" + netns::runMarker()};  // found by --cleanup
  StartedServer sp{ctx.host(host).spawn(opts), argv, port, cmd.dir};
  // Read as it comes: a server that prints more than a pipe holds must not block in
  // write() mid-run. The last 1 MiB is kept for `expect log`, `reaped` and the report.
  sp.child.drainContinuously(kServerOutputTailBytes);
  auto deadline = ctx.deadline(kServerReadySeconds);
  for (;;) {
    if (cmd.readinessLine) {
      if (sp.child.waitForOutput(servers::kReadyPrefix, std::chrono::milliseconds(10))) return sp;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));  // the poll interval for sock_diag
    }
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
