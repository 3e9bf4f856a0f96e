#include "scenarios/runner/lang/Placeholder.h"

#include <algorithm>
#include <array>
#include <fmt/format.h>

#include "scenarios/runner/lang/Bounds.h"
#include "scenarios/runner/lang/IcmpKind.h"
#include "scenarios/runner/lang/Names.h"
#include "scenarios/runner/lang/Suggest.h"
#include "scenarios/runner/lang/WireSyntax.h"

namespace tcpfault::scenario {
namespace {

using K = Token::Kind;

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

void checkCall(const Token& t, const LineTokens& line, size_t i, const Step& step,
               const ParseState& state) {
  auto it = state.vars.find(t.text);
  if (it == state.vars.end())
    line.failAt(i, fmt::format("variable '{}' used before it is assigned", t.text));
  // "interrupt HOST VAR": the call is HOST's (await has no host: the call's decides).
  if (!step.host.empty() && it->second.host != step.host)
    line.failAt(i, fmt::format("'{}' is a call of host {}", t.text, it->second.host));
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
  // icmp and ICMP kinds name packets an expect wire looks for; inject crafts TCP only.
  if ((t.text == "icmp" || isIcmpKind(t.text)) && spec.context == Context::Expect) return;
  std::string seen;
  for (char c : t.text) {
    if (std::string_view("SFRPAU").find(c) == std::string_view::npos || seen.find(c) != std::string::npos)
      wrongKind("FLAGS", spec, line, i);
    seen += c;
  }
}

void checkPercent(const Token& t, const VerbSpec& spec, const LineTokens& line, size_t i) {
  if (!parsePercentWord(t.text)) wrongKind("PERCENT", spec, line, i);
}

bool isName(const Token& t) {
  return t.kind == K::Word && std::isalpha(static_cast<unsigned char>(t.text[0])) &&
         std::all_of(t.text.begin(), t.text.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
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

bool isWord(const Token& t) { return t.kind == K::Word; }
bool isCount(const Token& t) { return (t.kind == K::Number || t.kind == K::Size) && t.number >= 0; }
bool isKeyValue(const Token& t) {
  size_t eq = t.text.find('=');
  return t.kind == K::Word && eq != std::string::npos && eq > 0 && eq + 1 < t.text.size();
}

// Where a placeholder is being matched: the token and what the checks need around it.
struct Slot {
  const VerbSpec& spec;
  const LineTokens& line;
  size_t i;
  const Step& step;
  const ParseState& state;
  std::string_view placeholder;
  const Token& token() const { return line.tokens[i]; }
};

// One placeholder: what it accepts, how messages describe it, and its check against the
// parse state (after the kind check, which gives the same message shape for all).
struct PlaceholderSpec {
  std::string_view name;
  std::string_view description;
  bool (*kind)(const Token&);
  void (*check)(const Slot&);
};

void noCheck(const Slot&) {}
void host(const Slot& s) { checkHost(s.token(), s.line, s.i, s.state); }

bool isRateWord(std::string_view w) { return parseRateWord(w) > 0; }
bool isSeqWord(std::string_view w) { return parseSeqWord(w).has_value(); }

// Checks that need nothing but the token: the kind check said "a word", this says which.
template <bool (*Valid)(std::string_view)>
void validWord(const Slot& s) {
  if (!Valid(s.token().text)) wrongKind(s.placeholder, s.spec, s.line, s.i);
}


void checkMark(const Slot& s) {
  if (s.spec.traits & kMarks) {  // "mark NAME" defines it: a name, like a variable's
    if (!isName(s.token())) wrongKind("NAME", s.spec, s.line, s.i);
    return;
  }
  const std::string& name = s.token().text;
  if (name == "start" || s.state.marks.contains(name)) return;
  std::vector<std::string> known{"start"};
  for (const auto& [m, line] : s.state.marks) known.push_back(m);
  s.line.failAt(s.i, fmt::format("no 'mark {}' before this line{}", name, didYouMean(name, known)));
}

constexpr std::array<PlaceholderSpec, 27> kPlaceholders{{
    {"MARK", "a mark name set by 'mark NAME' earlier, or start", isWord, checkMark},
    {"VAR", "a socket variable", isWord, [](const Slot& s) { checkVar(s.token(), s.line, s.i, s.step, s.state); }},
    {"CALL", "the variable of a background call", isWord,
     [](const Slot& s) { checkCall(s.token(), s.line, s.i, s.step, s.state); }},
    {"DEST", "HOST:PORT, e.g. server:9877", isWord,
     [](const Slot& s) { checkDest(s.token(), s.spec, s.line, s.i, s.state); }},
    {"PORT", "a port number 0..65535",
     [](const Token& t) { return t.kind == K::Number && t.number >= 0 && t.number <= 65535; }, noCheck},
    {"N", "a count like 3 or a size like 64K", isCount, noCheck},
    {"DATA", "a string like \"hi\\n\", a byte count like 64K or $request",
     [](const Token& t) { return t.kind == K::String || isCount(t) || t.isWord("$request"); }, noCheck},
    {"DUR", "a duration like 15s or 200ms", [](const Token& t) { return t.kind == K::Duration; }, noCheck},
    {"SIGNAME", "a signal name like SIGPIPE", isWord, [](const Slot& s) { signalAt(s.line, s.i); }},
    {"OPTION", "a socket option like SO_KEEPALIVE", isWord,
     [](const Slot& s) {
       std::vector<std::string> names;
       for (const auto& o : sockOpts()) names.emplace_back(o.name);
       checkOneOf("socket option", s.token(), s.line, s.i, names);
     }},
    {"VALUE", "a number, or a duration like 5s for TCP_USER_TIMEOUT/KEEPIDLE/KEEPINTVL/DEFER_ACCEPT",
     [](const Token&) { return true; }, [](const Slot& s) { checkValue(s.token(), s.line, s.i, s.step); }},
    {"STATE", "a TCP state like ESTABLISHED", isWord,
     [](const Slot& s) { checkOneOf("TCP state", s.token(), s.line, s.i, toStrings(tcpStates())); }},
    {"SUBJECT", "a host", isWord, host},
    {"HOST", "a host", isWord, host},
    {"SRC", "a host", isWord, host},
    {"DST", "a host", isWord, host},
    {"FLAGS", "TCP flags among S F R P A U (e.g. R, FA, SA), icmp, or an ICMP kind (icmp-host-unreachable)", isWord,
     [](const Slot& s) { checkFlags(s.token(), s.spec, s.line, s.i); }},
    {"PERCENT", "a percentage like 10%", [](const Token& t) { return t.kind == K::Word || t.kind == K::Number; },
     [](const Slot& s) { checkPercent(s.token(), s.spec, s.line, s.i); }},
    {"PROGRAM", "a program: $server, a server name or a path",
     [](const Token& t) { return t.kind == K::Word || t.kind == K::String; }, noCheck},
    {"KEY=VALUE", "KEY=VALUE, e.g. net.ipv4.tcp_retries2=3", isKeyValue, noCheck},
    {"STRING", "a string like \"text\"", [](const Token& t) { return t.kind == K::String; }, noCheck},
    // Wire directives and their expectations.
    {"MATCH", "TCP flags among S F R P A U E C (e.g. S, SA, F) or data (segments with payload)", isWord,
     validWord<isSegmentMatch>},
    {"RATE", "a rate like 1mbit (units: bit kbit mbit gbit bps kbps mbps gbps)", isWord,
     validWord<isRateWord>},
    {"SEQ", "rcv_nxt, snd_una or oow (out of window), optionally +N or -N, or a number",
     [](const Token& t) { return t.kind == K::Word || (t.kind == K::Number && t.number >= 0); },
     validWord<isSeqWord>},
    {"COUNTER", "a MIB counter as nstat names it, e.g. TcpExtTCPChallengeACK or TcpRetransSegs",
     isWord, validWord<isMibCounterName>},
    {"CMP", "a comparison: >=, <= or =",
     [](const Token& t) { return t.kind == K::Equals || t.text == ">=" || t.text == "<="; }, noCheck},
    {"NAME", "a name (letters, digits, _)", isName, noCheck},
}};

const PlaceholderSpec* findPlaceholder(std::string_view name) {
  for (const auto& p : kPlaceholders)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace

std::string describePlaceholder(std::string_view name) {
  const PlaceholderSpec* p = findPlaceholder(name);
  return std::string(p ? p->description : name);
}

void matchPlaceholder(std::string_view name, const VerbSpec& spec, const LineTokens& line,
                      size_t i, Step& step, const ParseState& state) {
  const PlaceholderSpec* p = findPlaceholder(name);
  const Token& t = line.tokens[i];
  if (!(p ? p->kind(t) : isWord(t))) wrongKind(name, spec, line, i);
  if ((name == "N" || name == "DATA" || name == "VALUE") && (t.kind == K::Number || t.kind == K::Size)) {
    long long most = maxNumber(spec.verb, name);
    if (t.number > most)
      line.failAt(i, fmt::format("{} is too large for '{}' (at most {})", t.text, spec.verb, formatBound(most)),
                  spec.usage);
  }
  if (p) p->check(Slot{spec, line, i, step, state, name});
  if (name == "SUBJECT") step.host = t.text;  // the host a directive acts on, not an argument
  else step.args.push_back(toArg(t));
}

}  // namespace tcpfault::scenario
