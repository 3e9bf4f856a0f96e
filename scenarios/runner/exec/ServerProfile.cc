#include "scenarios/runner/exec/ServerProfile.h"

#include <regex>

#include <fmt/format.h>

#include "scenarios/runner/exec/ResultMatch.h"
#include "scenarios/runner/lang/Traits.h"
#include "servers/ServerRegistry.h"

namespace tcpfault::scenario {

bool ReplySpec::matches(const std::string& data) const {
  switch (kind) {
    case Kind::Exact: return data == text;
    case Kind::Prefix: return data.starts_with(text);
    case Kind::Regex: return std::regex_search(data, std::regex(text, std::regex::ECMAScript));
  }
  return false;
}

std::string ReplySpec::describe() const {
  static constexpr const char* kNames[] = {"", "prefix ", "regex "};
  return kNames[static_cast<int>(kind)] + quoteData(text);
}

const std::vector<std::string>& startPlaceholders() {
  static const std::vector<std::string> names{"port", "bind", "reap", "max-fds", "min-threads",
                                              "max-threads", "no-restart", "dir", "here"};
  return names;
}

std::optional<ServerProfile> referenceProfile(const std::string& name) {
  const servers::ServerEntry* e = servers::findServer(name);
  if (!e) return std::nullopt;
  ServerProfile p;
  p.name = name;
  p.origin = "servers/Registry.cmake";
  for (const auto& t : traitNames())
    if (e->has(t)) p.traits.insert(t);
  if (p.has("echo")) {
    p.traits.insert(std::string(kRepliesTrait));
    p.request = "ping\n";
    p.reply = {ReplySpec::Kind::Exact, "ping\n"};
  }
  return p;
}

std::vector<ServerProfile> referenceProfiles() {
  std::vector<ServerProfile> out;
  for (const auto& s : servers::kServerRegistry) out.push_back(*referenceProfile(std::string(s.name)));
  return out;
}

ServerProfile commandProfile(const std::string& cmd) {
  ServerProfile p;
  p.name = "custom";
  p.origin = "--server-cmd";
  p.start = cmd;
  p.traits = {"echo", std::string(kRepliesTrait)};
  p.request = "ping\n";
  p.reply = {ReplySpec::Kind::Exact, "ping\n"};
  return p;
}

std::vector<std::pair<std::string, std::string>> serverArguments(const Step& start) {
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t i = 1; i < start.args.size(); ++i) {
    const std::string& a = start.args[i].text;
    if (!a.starts_with("--")) continue;
    bool hasValue = i + 1 < start.args.size() && !start.args[i + 1].text.starts_with("--");
    out.emplace_back(a.substr(2), hasValue ? start.args[i + 1].text : "1");
    if (hasValue) ++i;
  }
  return out;
}

std::optional<std::string> skipReason(const ServerProfile& p, const Scenario& sc) {
  std::vector<std::string> missing;
  for (const auto& n : sc.needs)
    if (!p.has(n)) missing.push_back(n);
  if (!missing.empty())
    return fmt::format("needs {}; {} has {}", fmt::join(missing, " "), p.name,
                       p.traits.empty() ? "no traits" : fmt::format("{}", fmt::join(p.traits, " ")));
  return std::nullopt;
}

}  // namespace tcpfault::scenario
