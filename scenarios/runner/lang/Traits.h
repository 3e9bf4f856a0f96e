// Server traits: what a scenario may need from the server under test (`needs` line) and
// what a server profile says it has. One fixed list, documented in scenarios/README.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tcpfault::scenario {

struct TraitSpec {
  std::string_view name;
  std::string_view meaning;
};

const std::vector<TraitSpec>& traitTable();
bool isTrait(std::string_view name);
std::vector<std::string> traitNames();

// Needed implicitly by a scenario that writes $request or expects $reply.
inline constexpr std::string_view kRepliesTrait = "replies";

}  // namespace tcpfault::scenario
