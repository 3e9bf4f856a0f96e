#include "scenarios/runner/agent/AgentArgs.h"

#include <charconv>

namespace tcpfault::scenario {

const std::string& AgentArgs::text(std::string_view key) const {
  static const std::string none;
  auto it = values_.find(key);
  return it == values_.end() ? none : it->second;
}

long long AgentArgs::number(std::string_view key, long long dflt) const {
  auto it = values_.find(key);
  if (it == values_.end()) return dflt;
  long long v = 0;
  const std::string& s = it->second;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && end == s.data() + s.size() ? v : dflt;
}

std::vector<std::string> AgentArgs::tokens() const {
  std::vector<std::string> out(flags_.begin(), flags_.end());
  for (const auto& [key, value] : values_) out.push_back(key + "=" + value);
  return out;
}

void AgentArgs::addToken(std::string_view token) {
  size_t eq = token.find('=');
  if (eq == std::string_view::npos) return setFlag(std::string(token));
  set(std::string(token.substr(0, eq)), std::string(token.substr(eq + 1)));
}

}  // namespace tcpfault::scenario
