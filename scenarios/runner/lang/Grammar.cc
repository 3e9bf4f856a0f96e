#include "scenarios/runner/lang/Grammar.h"

#include <algorithm>
#include <array>

namespace tcpfault::scenario {
namespace {

using C = Context;

// The one table of verbs. A new verb is one row here and its handler: an agent verb's in
// the agent (runner/agent/AgentVerbs.cc), any other verb's in the executor's table for
// its context (runner/exec/ExpectSteps.cc, Directives.cc).
constexpr std::array<VerbSpec, 59> kVerbs{{
    // Agent steps: HOST [VAR =] VERB ARGS... [&] [=> EXPECTATION] [within DUR] [after DUR]
    {"connect", C::Agent, "connect DEST [nonblock] [ipv6] [timeout DUR]",
     "DEST [nonblock] [ipv6] [timeout DUR]", kSocket},
    {"flood", C::Agent, "flood DEST N", "DEST N", kSocket},
    {"synflood", C::Agent, "synflood DEST N", "DEST N", kSocket},
    {"listen", C::Agent, "listen PORT [reuseaddr] [backlog N] [ipv6]",
     "PORT [reuseaddr] [backlog N] [ipv6]", kSocket},
    {"accept", C::Agent, "accept VAR [nonblock] [timeout DUR]", "VAR [nonblock] [timeout DUR]",
     kSocket},
    {"write", C::Agent, "write VAR DATA [nosignal]", "VAR DATA [nosignal]"},
    {"send", C::Agent, "send VAR DATA [nosignal] [dontwait] [oob] [more]",
     "VAR DATA [nosignal] [dontwait] [oob] [more]"},
    {"read", C::Agent, "read VAR [N]", "VAR [N]"},
    {"recv", C::Agent, "recv VAR [N] [waitall] [peek] [dontwait]",
     "VAR [N] [waitall] [peek] [dontwait]"},
    {"readall", C::Agent, "readall VAR N", "VAR N"},
    {"shutdown", C::Agent, "shutdown VAR wr|rd|rdwr", "VAR wr|rd|rdwr"},
    {"close", C::Agent, "close VAR", "VAR"},
    {"abort", C::Agent, "abort VAR", "VAR"},
    {"setsockopt", C::Agent, "setsockopt VAR OPTION VALUE", "VAR OPTION VALUE"},
    {"so_error", C::Agent, "so_error VAR", "VAR"},
    {"getpeername", C::Agent, "getpeername VAR", "VAR"},
    {"poll", C::Agent, "poll VAR [timeout DUR]", "VAR [timeout DUR]"},
    {"signal", C::Agent, "signal SIGNAME default|ignore|catch [restart]",
     "SIGNAME default|ignore|catch [restart]"},
    // await VAR => EXPECTATION [within DUR] [after DUR]
    {"await", C::Await, "await VAR => EXPECTATION [within DUR] [after DUR]", "CALL"},
    // expect HOST CHECK ARGS... [within DUR]: polled until it holds
    {"state", C::Expect, "expect HOST state VAR STATE", "VAR STATE"},
    {"tcp", C::Expect, "expect HOST tcp local|remote PORT STATE [count N]",
     "local|remote PORT STATE [count N]"},
    {"wire", C::Expect, "expect wire SRC > DST FLAGS [len N] [count [>=|<=] N] [no] [for DUR] [since MARK]",
     "SRC > DST FLAGS [len N] [count CMP? N] [no] [for DUR] [since MARK]"},
    {"zombies", C::Expect, "expect HOST zombies N [for DUR]", "N [for DUR]", kNeedsServer},
    {"children", C::Expect, "expect HOST children N [for DUR]", "N [for DUR]", kNeedsServer},
    // Children reaped (the server's lines containing STRING) plus zombies: those that exited.
    {"reaped", C::Expect, "expect HOST reaped STRING + zombies N", "STRING + zombies N", kNeedsServer},
    {"alive", C::Expect, "expect HOST alive", "", kNeedsServer},
    // The server's main thread sleeps in this system call: it is ready for what comes next.
    {"asleep", C::Expect, "expect HOST asleep in NAME", "in NAME", kNeedsServer},
    {"exited", C::Expect, "expect HOST exited [N]", "[N]", kNeedsServer},
    {"killed", C::Expect, "expect HOST killed SIGNAME", "SIGNAME", kNeedsServer},
    {"cpu", C::Expect, "expect HOST cpu below PERCENT for DUR", "below PERCENT for DUR", kNeedsServer},
    {"log", C::Expect, "expect HOST log STRING", "STRING", kNeedsServer},
    // The server's open descriptors (/proc/PID/fd): a count, or its rise since a mark.
    {"fds", C::Expect, "expect HOST fds CMP N [since MARK]", "CMP N [since MARK]", kNeedsServer},
    // What the wire engine did since the run's start (or a mark), all rules summed. Found
    // by its first word (findWireCheck), so the row's verb is its first alternative.
    {"dropped", C::Expect,
     "expect wire dropped|delayed|duplicated|corrupted|reordered|injected [CMP] N [since MARK]",
     "dropped|delayed|duplicated|corrupted|reordered|injected [CMP] N [since MARK]", kWireSubject},
    // A kernel MIB counter of HOST, as a delta since the run's start (or a mark).
    {"mib", C::Expect, "expect HOST mib COUNTER CMP N [since MARK]", "COUNTER CMP N [since MARK]",
     kBaseline},
    // Directives: the first word is the verb, SUBJECT is the host it acts on.
    {"start", C::Directive, "start HOST PROGRAM ARGS...", "SUBJECT PROGRAM ARGS...", kUntimed | kStartsServer},
    {"stop", C::Directive, "stop HOST [within DUR]", "SUBJECT", kNeedsServer},
    {"sysctl", C::Directive, "sysctl HOST KEY=VALUE", "SUBJECT KEY=VALUE", kUntimed},
    {"crash", C::Directive, "crash HOST", "SUBJECT", kUntimed | kFault},
    {"unreachable", C::Directive, "unreachable HOST", "SUBJECT", kUntimed | kFault},
    {"reboot", C::Directive, "reboot HOST", "SUBJECT", kUntimed | kFault},
    {"shutdown", C::Directive, "shutdown HOST [DUR]", "SUBJECT [DUR]", kUntimed | kFault},
    {"kill", C::Directive, "kill HOST server|child|children SIGNAME",
     "SUBJECT server|child|children SIGNAME", kUntimed | kNeedsServer | kFault},
    // The signal reaches the thread of a pending background call while it sleeps in the
    // kernel, and is handled before the next step (runner/agent/AgentVerbs.cc).
    {"interrupt", C::Directive, "interrupt HOST VAR SIGNAME", "SUBJECT CALL SIGNAME", kUntimed | kFault},
    {"partition", C::Directive, "partition HOST HOST", "SUBJECT HOST", kUntimed | kFault},
    {"heal", C::Directive, "heal", "", kUntimed | kFault},
    {"wait", C::Directive, "wait DUR", "DUR", kUntimed},
    // Wire faults: the router between SRC and DST misbehaves (netns/wire). MATCH is TCP
    // flags (S, SA, F, R) or data; count/nth pick exactly which matching segments.
    {"drop", C::Directive, "drop SRC > DST [MATCH] [count N] [nth N]",
     "SRC > DST [MATCH] [count N] [nth N]", kUntimed | kFault | kWire},
    {"loss", C::Directive, "loss SRC > DST [MATCH] PERCENT [seed N]", "SRC > DST [MATCH] PERCENT [seed N]",
     kUntimed | kFault | kWire},
    {"delay", C::Directive, "delay SRC > DST [MATCH] DUR [jitter DUR] [count N] [nth N]",
     "SRC > DST [MATCH] DUR [jitter DUR] [count N] [nth N]", kUntimed | kFault | kWire},
    {"reorder", C::Directive, "reorder SRC > DST [MATCH] [count N] [nth N]",
     "SRC > DST [MATCH] [count N] [nth N]", kUntimed | kFault | kWire},
    {"duplicate", C::Directive, "duplicate SRC > DST [MATCH] [count N] [nth N]",
     "SRC > DST [MATCH] [count N] [nth N]", kUntimed | kFault | kWire},
    {"corrupt", C::Directive, "corrupt SRC > DST [MATCH] [count N] [nth N]",
     "SRC > DST [MATCH] [count N] [nth N]", kUntimed | kFault | kWire},
    {"rate", C::Directive, "rate SRC > DST RATE", "SRC > DST RATE", kUntimed | kFault | kWire},
    {"mtu", C::Directive, "mtu HOST N [blackhole]", "SUBJECT N [blackhole]", kUntimed | kFault | kWire},
    {"inject", C::Directive, "inject SRC > DST FLAGS [seq SEQ] [ack SEQ] [data STRING]",
     "SRC > DST FLAGS [seq SEQ] [ack SEQ] [data STRING]", kUntimed | kFault | kWire | kTracks},
    {"clear", C::Directive, "clear", "", kUntimed | kFault},
    {"mark", C::Directive, "mark NAME", "MARK", kUntimed | kMarks},
    {"prohibit", C::Directive, "prohibit HOST", "SUBJECT", kUntimed | kFault},
    {"noroute", C::Directive, "noroute HOST", "SUBJECT", kUntimed | kFault},
}};

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
