#include "scenarios/runner/exec/ProfileProbe.h"

#include <fmt/format.h>

#include "scenarios/runner/exec/RunScenario.h"

namespace tcpfault::scenario {
namespace {

// The smallest conversation: listen, accept, answer. Without `replies` only the first two.
std::string probeText(const ServerProfile& p) {
  std::string text =
      "hosts  client server\n"
      "start  server $server\n"
      "client c = connect server:9877 => 0\n";
  if (p.has("replies")) text += "client write c $request\nclient read c => $reply within 5s\n";
  return text;
}

std::string tail(const std::string& s, size_t lines) {
  size_t at = s.size();
  for (size_t n = 0; at > 0 && n <= lines; --at)
    if (s[at - 1] == '\n') ++n;
  return s.substr(at);
}

}  // namespace

std::optional<std::string> probeServer(const ServerProfile& p, const RunOptions& opts) {
  Scenario sc = parseScenario(probeText(p), "probe-" + p.name + ".scn");
  RunOptions quiet = opts;
  quiet.capture = false;
  quiet.epilogue = false;  // the probe asks whether the server answers, nothing more
  report::RunRecord rec = runScenario(sc, {"probe", p.name, "probe", sc.file, "", 0}, quiet, &p);
  if (rec.status == report::Status::Pass) return std::nullopt;
  return fmt::format("{}\n  what it printed (last lines):\n{}", rec.message,
                     rec.log.empty() ? "  (nothing)" : tail(rec.log, 12));
}

}  // namespace tcpfault::scenario
