#include "scenarios/Placeholder.h"

#include <algorithm>
#include <array>
#include <fmt/format.h>

#include "scenarios/Names.h"
#include "scenarios/Suggest.h"

namespace tcpfault::scenario {
namespace {

using K = Token::Kind;

struct PlaceholderSpec {
  std::string_view name;
  std::string_view description;
};

constexpr std::array<PlaceholderSpec, 19> kPlaceholders{{
    {"VAR", "a socket variable"},
    {"CALL", "the variable of a background call"},
    {"DEST", "HOST:PORT, e.g. server:9877"},
    {"PORT", "a port number 0..65535"},
    {"N", "a count like 3 or a size like 64K"},
    {"DATA", "a string like \"hi\\n\" or a byte count like 64K"},
    {"DUR", "a duration like 15s or 200ms"},
    {"SIGNAME", "a signal name like SIGPIPE"},
    {"OPTION", "a socket option like SO_KEEPALIVE"},
    {"VALUE", "a number, or a duration like 5s for TCP_USER_TIMEOUT/KEEPIDLE/KEEPINTVL"},
    {"STATE", "a TCP state like ESTABLISHED"},
    {"SUBJECT", "a host"},
    {"HOST", "a host"},
    {"SRC", "a host"},
    {"DST", "a host"},
    {"FLAGS", "TCP flags among S F R P A U (e.g. R, FA, SA) or icmp"},
    {"PERCENT", "a percentage like 10%"},
    {"PROGRAM", "a program: $server, a server name or a path"},
    {"KEY=VALUE", "KEY=VALUE, e.g. net.ipv4.tcp_retries2=3"},
}};

std::vector<std::string> toStrings(auto range) {
  return std::vector<std::string>(range.begin(), range.end());
}

[[noreturn]] void wrongKind(std::string_view name, const VerbSpec& spec, const LineTokens& line,
                            size_t i) {
  line.failAt(i,
              fmt::format("{} must be {}, not '{}'", name == "SUBJECT" ? "HOST" : name,
                          describePlaceholder(name), describe(line.tokens[i])),
              spec.usage);
}

void checkHost(const Token& t, const LineTokens& line, size_t i, const ParseState& state) {
  if (state.isHost(t.text)) return;
  std::vector<std::string> hosts = state.scenario.hosts;
  hosts.push_back("router");
  auto hint = closest(t.text, hosts);
  line.failAt(i, hint ? fmt::format("unknown host '{}' (did you mean '{}'?)", t.text, *hint)
                      : fmt::format("unknown host '{}' (hosts: {})", t.text, state.hostList()));
}

void checkVar(const Token& t, const LineTokens& line, size_t i, const Step& step,
              const ParseState& state) {
  auto it = state.vars.find(t.text);
  if (it == state.vars.end())
    line.failAt(i, fmt::format("variable '{}' used before it is assigned", t.text));
  const VarInfo& v = it->second;
  if (v.host != step.host)
    line.failAt(i, fmt::format("variable '{}' belongs to host {}", t.text, v.host));
  if (!v.socket)
    line.failAt(i, fmt::format("variable '{}' is not a socket (it names the background '{}' at "
                               "line {})", t.text, v.verb, v.line));
}

void checkCall(const Token& t, const LineTokens& line, size_t i, const ParseState& state) {
  auto it = state.vars.find(t.text);
  if (it == state.vars.end())
    line.failAt(i, fmt::format("variable '{}' used before it is assigned", t.text));
  if (!it->second.pending)
    line.failAt(i, fmt::format("'{}' is not a pending background call (last assigned by '{}' at "
                               "line {}; each '&' call is awaited once)", t.text, it->second.verb,
                               it->second.line));
}

void checkDest(const Token& t, const VerbSpec& spec, const LineTokens& line, size_t i,
               const ParseState& state) {
  size_t colon = t.text.rfind(':');
  long long port = -1;
  std::string_view portText = colon == std::string::npos ? "" : std::string_view(t.text).substr(colon + 1);
  if (portText.empty() || portText.size() > 5 ||
      !std::all_of(portText.begin(), portText.end(), [](char c) { return c >= '0' && c <= '9'; }))
    wrongKind("DEST", spec, line, i);
  port = std::stoll(std::string(portText));
  if (port < 1 || port > 65535) line.failAt(i, fmt::format("port {} is out of range 1..65535", port));
  Token host = t;
  host.text = t.text.substr(0, colon);
  checkHost(host, line, i, state);
}

void checkOneOf(std::string_view what, const Token& t, const LineTokens& line, size_t i,
                std::vector<std::string> known) {
  if (std::find(known.begin(), known.end(), t.text) != known.end()) return;
  std::string all = fmt::format("{}", fmt::join(known, " "));
  line.failAt(i, fmt::format("unknown {} '{}'{}", what, t.text, didYouMean(t.text, known)),
              "one of " + all);
}

void checkFlags(const Token& t, const VerbSpec& spec, const LineTokens& line, size_t i) {
  if (t.text == "icmp") return;
  std::string seen;
  for (char c : t.text) {
    if (std::string_view("SFRPAU").find(c) == std::string_view::npos || seen.find(c) != std::string::npos)
      wrongKind("FLAGS", spec, line, i);
    seen += c;
  }
}

void checkPercent(const Token& t, const VerbSpec& spec, const LineTokens& line, size_t i) {
  std::string_view digits = t.text;
  if (t.kind == K::Word && digits.ends_with('%')) digits.remove_suffix(1);
  bool ok = !digits.empty() && digits.size() <= 3 &&
            std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!ok || std::stoi(std::string(digits)) > 100) wrongKind("PERCENT", spec, line, i);
}

void checkValue(const Token& t, const LineTokens& line, size_t i, const Step& step) {
  std::string_view option = step.args.empty() ? "" : std::string_view(step.args.back().text);
  auto opts = sockOpts();
  auto it = std::find_if(opts.begin(), opts.end(), [&](auto& o) { return o.name == option; });
  bool wantDuration = it != opts.end() && it->duration;
  if (wantDuration && t.kind != K::Duration)
    line.failAt(i, fmt::format("{} needs a duration like 5s or 200ms, not '{}'", option, describe(t)));
  if (!wantDuration && t.kind != K::Number)
    line.failAt(i, fmt::format("{} needs a number, not '{}'", option, describe(t)));
}

bool isIdentifierToken(const Token& t) { return t.kind == K::Word; }

// Kind checks first (cheap, same message shape), then the semantic ones.
void checkKind(std::string_view name, const VerbSpec& spec, const LineTokens& line, size_t i) {
  const Token& t = line.tokens[i];
  bool ok = true;
  if (name == "PORT") ok = t.kind == K::Number && t.number >= 0 && t.number <= 65535;
  else if (name == "N") ok = (t.kind == K::Number || t.kind == K::Size) && t.number >= 0;
  else if (name == "DATA") ok = t.kind == K::String || ((t.kind == K::Number || t.kind == K::Size) && t.number >= 0);
  else if (name == "DUR") ok = t.kind == K::Duration;
  else if (name == "PROGRAM") ok = t.kind == K::Word || t.kind == K::String;
  else if (name == "STRING") ok = t.kind == K::String;
  else if (name == "PERCENT") ok = t.kind == K::Word || t.kind == K::Number;
  else if (name == "KEY=VALUE") {
    size_t eq = t.text.find('=');
    ok = t.kind == K::Word && eq != std::string::npos && eq > 0 && eq + 1 < t.text.size();
  } else if (name != "VALUE") ok = isIdentifierToken(t);
  if (!ok) wrongKind(name, spec, line, i);
}

}  // namespace

std::string describePlaceholder(std::string_view name) {
  if (name == "STRING") return "a string like \"text\"";
  for (const auto& p : kPlaceholders)
    if (p.name == name) return std::string(p.description);
  return std::string(name);
}

void matchPlaceholder(std::string_view name, const VerbSpec& spec, const LineTokens& line,
                      size_t i, Step& step, const ParseState& state) {
  checkKind(name, spec, line, i);
  const Token& t = line.tokens[i];
  if (name == "VAR") checkVar(t, line, i, step, state);
  else if (name == "CALL") checkCall(t, line, i, state);
  else if (name == "DEST") checkDest(t, spec, line, i, state);
  else if (name == "SUBJECT" || name == "HOST" || name == "SRC" || name == "DST") checkHost(t, line, i, state);
  else if (name == "SIGNAME") signalAt(line, i);
  else if (name == "OPTION") {
    std::vector<std::string> names;
    for (const auto& o : sockOpts()) names.emplace_back(o.name);
    checkOneOf("socket option", t, line, i, names);
  } else if (name == "STATE") checkOneOf("TCP state", t, line, i, toStrings(tcpStates()));
  else if (name == "FLAGS") checkFlags(t, spec, line, i);
  else if (name == "PERCENT") checkPercent(t, spec, line, i);
  else if (name == "VALUE") checkValue(t, line, i, step);
  if (name == "SUBJECT") step.host = t.text;
  else step.args.push_back(toArg(t));
}

}  // namespace tcpfault::scenario
