// A call's arguments on their way to the agent, each named by the pattern slot it filled
// ("dest", "n", "timeout": lang's Arg::slot in lower case) or a bare keyword ("nonblock").
// The runner fills them once from the parsed step; the agent reads them by name. On the
// wire each is one token: "key=value" or "keyword".
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace tcpfault::scenario {

class AgentArgs {
 public:
  AgentArgs() = default;
  void set(std::string key, std::string value) { values_[std::move(key)] = std::move(value); }
  void setFlag(std::string keyword) { flags_.insert(std::move(keyword)); }

  bool flag(std::string_view keyword) const { return flags_.contains(keyword); }
  bool has(std::string_view key) const { return values_.contains(key); }
  // The value, or "" when absent.
  const std::string& text(std::string_view key) const;
  // The value as a number, or dflt when absent or not a number.
  long long number(std::string_view key, long long dflt) const;

  std::vector<std::string> tokens() const;
  void addToken(std::string_view token);  // the inverse of tokens()

  bool operator==(const AgentArgs&) const = default;

 private:
  std::map<std::string, std::string, std::less<>> values_;
  std::set<std::string, std::less<>> flags_;
};

}  // namespace tcpfault::scenario
