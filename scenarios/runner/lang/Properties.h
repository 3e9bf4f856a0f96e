// Server properties: what a `$server` story checks (`checks PROPERTY`), each with a
// one-line meaning and how to fix a server that breaks it. One fixed table; the report
// card (property x server) and `--explain PROPERTY` read it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tcpfault::scenario {

struct PropertySpec {
  std::string_view name;
  std::string_view meaning;  // one line: what a server with the property does
  std::string_view fix;      // one line: how a server that breaks it is usually fixed
  bool warnOnly = false;     // a policy worth knowing (warn), not a correctness bug (fail)
};

const std::vector<PropertySpec>& propertyTable();
const PropertySpec* findProperty(std::string_view name);
std::vector<std::string> propertyNames();

// The epilogue after every `$server` story checks these three (exec/Epilogue.cc).
inline constexpr std::string_view kKeepsServing = "keeps-serving";
inline constexpr std::string_view kNoLeak = "no-leak";
inline constexpr std::string_view kNoSpin = "no-spin";

}  // namespace tcpfault::scenario
