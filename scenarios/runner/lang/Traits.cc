#include "scenarios/runner/lang/Traits.h"

#include <algorithm>

namespace tcpfault::scenario {

const std::vector<TraitSpec>& traitTable() {
  static const std::vector<TraitSpec> table{
      {"echo", "every byte a client sends comes back to it, in order"},
      {"replies", "answers the profile's request with a reply the profile describes (echo servers too)"},
      {"broadcast", "a line from one client goes to every other client (chat)"},
      {"fork", "one child process per connection (`expect server children`, `kill server child`)"},
      {"reap", "reaps its children; `$server --reap none|wait|waitpid` chooses how ({reap})"},
      {"logs-accept-errors", "reports a failed accept(), e.g. EINTR, on its output (`expect server log`)"},
      {"logs-reaps", "prints a line per child it reaps, UNP's `child PID terminated` (`expect server reaped`)"},
      {"ipv6", "`$server --bind ::` listens on IPv6 and IPv4 ({bind})"},
      {"exit0-on-sigterm", "catches SIGTERM, closes its sockets and exits with status 0"},
      {"fd-limit", "runs under `$server --max-fds N` and keeps serving after EMFILE"},
      {"thread-pool", "`$server --min-threads N --max-threads N` sizes a worker pool"},
  };
  return table;
}

bool isTrait(std::string_view name) {
  const auto& t = traitTable();
  return std::any_of(t.begin(), t.end(), [&](const TraitSpec& s) { return s.name == name; });
}

std::vector<std::string> traitNames() {
  std::vector<std::string> out;
  for (const auto& t : traitTable()) out.emplace_back(t.name);
  return out;
}

}  // namespace tcpfault::scenario
