#include "scenarios/runner/lang/Metadata.h"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <set>

#include "scenarios/runner/lang/Grammar.h"
#include "scenarios/runner/lang/KernelSyntax.h"
#include "scenarios/runner/lang/Lexer.h"
#include "scenarios/runner/lang/Properties.h"
#include "scenarios/runner/lang/Suggest.h"
#include "scenarios/runner/lang/Traits.h"

namespace tcpfault::scenario {
namespace {

using K = Token::Kind;

constexpr std::array<std::string_view, 14> kKeywords{"name",    "ref",    "group",  "servers", "hosts",
                                                     "port",    "timeout", "explain", "relies", "needs",
                                                     "solo",    "kernel",  "checks", "setup-checks"};

std::string_view firstWord(std::string_view text, size_t& end) {
  size_t begin = 0;
  while (begin < text.size() && isBlank(text[begin])) ++begin;
  end = begin;
  while (end < text.size() && !isBlank(text[end]) && text[end] != '#') ++end;
  return text.substr(begin, end - begin);
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && isBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && isBlank(s.back())) s.remove_suffix(1);
  return s;
}

// Metadata other than explain and servers may be given once.
void once(const LineTokens& line, std::string_view keyword, ParseState& state) {
  auto [it, fresh] = state.metadataLines.emplace(std::string(keyword), line.src.number);
  if (!fresh) line.failAt(0, fmt::format("duplicate '{}' line (first at line {})", keyword, it->second));
}

std::string oneWord(const LineTokens& line, std::string_view usage) {
  if (line.tokens.size() < 2 || line.tokens[1].kind == K::String || line.tokens[1].kind == K::Equals ||
      line.tokens[1].kind == K::Arrow || line.tokens[1].kind == K::Amp || line.tokens[1].kind == K::Greater)
    line.failAt(1, fmt::format("'{}' needs one word", line.tokens[0].text), usage);
  if (line.tokens.size() > 2)
    line.failAt(2, fmt::format("'{}' takes one word", line.tokens[0].text), usage);
  return line.tokens[1].text;
}

std::vector<std::string> someWords(const LineTokens& line, std::string_view usage) {
  if (line.tokens.size() < 2) line.failAt(1, fmt::format("'{}' needs at least one name", line.tokens[0].text), usage);
  std::vector<std::string> out;
  for (size_t i = 1; i < line.tokens.size(); ++i) {
    if (line.tokens[i].kind != K::Word)
      line.failAt(i, fmt::format("'{}' is not a name", describe(line.tokens[i])), usage);
    out.push_back(line.tokens[i].text);
  }
  return out;
}

// Lowercase: the topology names links and namespaces after hosts and takes [a-z0-9_-]
// only (netns/Topology.cc validateNames).
bool isHostName(std::string_view name) {
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  return !name.empty() && lower(name[0]) && std::all_of(name.begin(), name.end(), [&](char c) {
           return lower(c) || (c >= '0' && c <= '9') || c == '_' || c == '-';
         });
}

// The router's end of a host's veth is "tf-" + the name cut to IFNAMSIZ-1 = 15 characters
// (netns/Topology.cc routerIf): two hosts alike in their first 12 would share it.
constexpr size_t kHostNameUniquePrefix = 15 - 3;

// Scenarios name a handful of hosts; the bound keeps every host lookup cheap.
constexpr size_t kMaxHosts = 64;

void parseHosts(const LineTokens& line, ParseState& state) {
  constexpr std::string_view usage = "hosts NAME... (e.g. hosts client server)";
  auto names = someWords(line, usage);
  if (names.size() > kMaxHosts)
    line.failAt(kMaxHosts + 1, fmt::format("too many hosts (at most {})", kMaxHosts), usage);
  std::set<std::string> seen;
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& n = names[i];
    if (n == "router") line.failAt(i + 1, "'router' is implicit: do not list it in 'hosts'", usage);
    if (isLineKeyword(n)) line.failAt(i + 1, fmt::format("'{}' is a keyword and cannot name a host", n), usage);
    if (!isHostName(n))
      line.failAt(i + 1, fmt::format("'{}' is not a host name (lowercase letters, digits, _ -)", n), usage);
    if (!seen.insert(n).second) line.failAt(i + 1, fmt::format("duplicate host '{}'", n), usage);
    for (size_t j = 0; j < i; ++j)
      if (names[j].compare(0, kHostNameUniquePrefix, n, 0, kHostNameUniquePrefix) == 0)
        line.failAt(i + 1, fmt::format("hosts '{}' and '{}' share their first {} characters, which name "
                                       "their links (tf-NAME, 15 characters at most)",
                                       names[j], n, kHostNameUniquePrefix), usage);
  }
  state.scenario.hosts = names;
  state.hostsDeclared = true;
}

void parsePort(const LineTokens& line, ParseState& state) {
  constexpr std::string_view usage = "port N (the service port of the server under test)";
  if (line.tokens.size() < 2 || line.tokens[1].kind != K::Number)
    line.failAt(1, "'port' needs a port number", usage);
  if (line.tokens[1].number < 1 || line.tokens[1].number > 65535)
    line.failAt(1, fmt::format("port {} is out of range 1..65535", line.tokens[1].number), usage);
  if (line.tokens.size() > 2) line.failAt(2, "'port' takes one number", usage);
  state.scenario.port = static_cast<int>(line.tokens[1].number);
}

void parseTimeout(const LineTokens& line, ParseState& state) {
  constexpr std::string_view usage = "timeout DUR (e.g. timeout 60s)";
  if (line.tokens.size() < 2 || line.tokens[1].kind != K::Duration || line.tokens[1].seconds <= 0)
    line.failAt(1, "'timeout' needs a duration like 60s or 2m", usage);
  if (line.tokens.size() > 2) line.failAt(2, "'timeout' takes one duration", usage);
  state.scenario.timeout = line.tokens[1].seconds;
}

// needs TRAIT...: every word one of the fixed traits (Traits.cc); repeatable.
void parseNeeds(const LineTokens& line, ParseState& state) {
  constexpr std::string_view usage = "needs TRAIT... (e.g. needs echo fork)";
  auto words = someWords(line, usage);
  for (size_t i = 0; i < words.size(); ++i) {
    if (!isTrait(words[i]))
      line.failAt(i + 1, fmt::format("unknown trait '{}'{}", words[i], didYouMean(words[i], traitNames())),
                  fmt::format("one of {}", fmt::join(traitNames(), " ")));
    auto& needs = state.scenario.needs;
    if (std::find(needs.begin(), needs.end(), words[i]) == needs.end()) needs.push_back(words[i]);
  }
}

// checks PROPERTY: the server property the story decides (Properties.cc); setup-checks
// PROPERTY: the one a server breaks when the story fails before its first fault.
std::string parseProperty(const LineTokens& line, std::string_view keyword) {
  std::string usage = fmt::format("{} PROPERTY (one of {})", keyword, fmt::join(propertyNames(), " "));
  std::string name = oneWord(line, usage);
  if (!findProperty(name))
    line.failAt(1, fmt::format("unknown property '{}'{}", name, didYouMean(name, propertyNames())), usage);
  return name;
}

}  // namespace

bool isMetadataKeyword(std::string_view word) {
  return std::find(kKeywords.begin(), kKeywords.end(), word) != kKeywords.end();
}

bool isRawMetadata(const SourceLine& line) {
  size_t end = 0;
  std::string_view w = firstWord(line.text, end);
  return w == "ref" || w == "explain";
}

void parseRawMetadata(const SourceLine& line, ParseState& state) {
  size_t end = 0;
  std::string_view keyword = firstWord(line.text, end);
  std::string_view rest = line.text.substr(end);
  rest = trimmed(rest.substr(0, rest.find('#')));
  Scenario& s = state.scenario;
  if (keyword == "explain") {
    s.explain += (state.metadataLines.contains("explain") ? "\n" : "") + std::string(rest);
    state.metadataLines.emplace("explain", line.number);
    return;
  }
  int col = static_cast<int>(line.text.find("ref")) + 1;
  if (rest.empty()) line.fail(col + 3, "'ref' needs text, e.g. ref UNP 5.13", "ref TEXT...");
  if (auto [it, fresh] = state.metadataLines.emplace("ref", line.number); !fresh)
    line.fail(col, fmt::format("duplicate 'ref' line (first at line {})", it->second));
  s.ref = std::string(rest);
}

void parseMetadata(const LineTokens& line, ParseState& state) {
  std::string_view keyword = line.tokens[0].text;
  Scenario& s = state.scenario;
  if (keyword != "servers" && keyword != "needs" && keyword != "kernel") once(line, keyword, state);
  if (keyword == "name") s.name = oneWord(line, "name NAME");
  else if (keyword == "group") s.group = oneWord(line, "group NAME");
  else if (keyword == "servers") {
    auto names = someWords(line, "servers NAME...");
    s.servers.insert(s.servers.end(), names.begin(), names.end());
  } else if (keyword == "hosts") parseHosts(line, state);
  else if (keyword == "port") parsePort(line, state);
  else if (keyword == "timeout") parseTimeout(line, state);
  else if (keyword == "needs") parseNeeds(line, state);
  else if (keyword == "kernel") parseKernelLine(line, state);
  else if (keyword == "checks") s.checks = parseProperty(line, keyword);
  else if (keyword == "setup-checks") s.setupChecks = parseProperty(line, keyword);
  else if (keyword == "solo") {
    if (line.tokens.size() > 1) line.failAt(1, "'solo' takes no words", "solo");
    s.solo = true;
  }
  else if (keyword == "relies") s.sysctlsRelied = someWords(line, "relies SYSCTL... (e.g. relies net.ipv4.tcp_retries2)");
}

}  // namespace tcpfault::scenario
