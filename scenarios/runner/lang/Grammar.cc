#include "scenarios/runner/lang/Grammar.h"

#include <algorithm>
#include <array>

#include "scenarios/runner/lang/VerbTable.h"

namespace tcpfault::scenario {
namespace {

constexpr std::array<SockOptSpec, 11> kSockOpts{{
    {"SO_LINGER", false},       {"SO_KEEPALIVE", false},    {"SO_RCVBUF", false},
    {"SO_SNDBUF", false},       {"SO_REUSEADDR", false},    {"TCP_NODELAY", false},
    {"TCP_KEEPIDLE", true},     {"TCP_KEEPINTVL", true},    {"TCP_KEEPCNT", false},
    {"TCP_USER_TIMEOUT", true}, {"TCP_DEFER_ACCEPT", true},
}};

constexpr std::array<std::string_view, 11> kStates{
    "ESTABLISHED", "SYN_SENT",  "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
    "CLOSE",       "CLOSE_WAIT", "LAST_ACK", "LISTEN",    "CLOSING"};

// Words that decide a line's kind when they come first.
constexpr std::array<std::string_view, 16> kLineKeywords{
    "name",   "ref",    "group", "servers", "hosts", "port",   "timeout", "explain", "relies",
    "needs",  "expect", "await", "wire",    "router", "kernel", "when"};

// Words with a meaning inside a step.
constexpr std::array<std::string_view, 7> kStepKeywords{"within", "after", "caught", "signal", "ok",
                                                        "blocked", "nosignal"};

}  // namespace

std::span<const VerbSpec> verbs() { return kVerbs; }

const VerbSpec* findVerb(Context context, std::string_view verb) {
  auto it = std::find_if(kVerbs.begin(), kVerbs.end(), [&](const VerbSpec& v) {
    return v.context == context && v.verb == verb;
  });
  return it == kVerbs.end() ? nullptr : &*it;
}

Context contextOf(Step::Kind kind) {
  switch (kind) {
    case Step::Kind::Agent: return Context::Agent;
    case Step::Kind::Expect: return Context::Expect;
    case Step::Kind::Await: return Context::Await;
    case Step::Kind::Directive: break;
  }
  return Context::Directive;
}

const VerbSpec* findWireCheck(std::string_view word) {
  auto it = std::find_if(kVerbs.begin(), kVerbs.end(), [&](const VerbSpec& v) {
    if (!(v.traits & kWireSubject)) return false;
    std::string_view first = v.pattern.substr(0, v.pattern.find(' '));
    return isPatternKeyword(first, word);
  });
  return it == kVerbs.end() ? nullptr : &*it;
}

const VerbSpec* findVerb(const Step& step) { return findVerb(contextOf(step.kind), step.verb); }

unsigned traitsOf(const Step& step) {
  const VerbSpec* spec = findVerb(step);
  return spec ? spec->traits : 0;
}

std::span<const SockOptSpec> sockOpts() { return kSockOpts; }

std::span<const std::string_view> tcpStates() { return kStates; }

// Lowercase words of a pattern: "[timeout DUR]" has "timeout", "wr|rd|rdwr" has three.
bool isPatternKeyword(std::string_view pattern, std::string_view word) {
  size_t i = 0;
  while (i < pattern.size()) {
    size_t j = pattern.find_first_of(" |[]", i);
    if (j == std::string_view::npos) j = pattern.size();
    if (pattern.substr(i, j - i) == word) return true;
    i = j + 1;
  }
  return false;
}

bool isLineKeyword(std::string_view word) {
  if (std::find(kLineKeywords.begin(), kLineKeywords.end(), word) != kLineKeywords.end()) return true;
  return findVerb(Context::Directive, word) != nullptr;
}

bool isReservedWord(std::string_view word) {
  if (isLineKeyword(word)) return true;
  if (std::find(kStepKeywords.begin(), kStepKeywords.end(), word) != kStepKeywords.end()) return true;
  return std::any_of(kVerbs.begin(), kVerbs.end(), [&](const VerbSpec& v) {
    return !word.empty() && word.front() >= 'a' && word.front() <= 'z' && isPatternKeyword(v.pattern, word);
  });
}

}  // namespace tcpfault::scenario
