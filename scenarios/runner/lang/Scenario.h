// The scenario AST: what parseScenario() makes of a .scn file and what the executor runs.
// The grammar lives in VerbTable.h (one table of verbs); the language is documented in
// scenarios/README.md.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/runner/lang/KernelVersion.h"

namespace tcpfault::scenario {

struct SourcePos {
  int line = 0;  // 1-based; 0 = no position (e.g. unreadable file)
  int col = 0;   // 1-based byte column
};

// One argument as written. Keywords ("nonblock", "count", "wr") are Word args too:
// args keep the line's order, so "connect server:9877 timeout 2s" has args
// [server:9877, timeout, 2s]. Use flag()/option() below to look keywords up.
struct Arg {
  enum class Kind { Word, String, Number, Duration, Size };
  Kind kind = Kind::Word;
  std::string text;      // Word: as written; String: unescaped bytes; others: as written
  long long number = 0;  // Number; Size: bytes (64K = 65536)
  double seconds = 0;    // Duration (200ms = 0.2)
  SourcePos pos;
  // The pattern slot it filled: the placeholder ("DEST", "N") or, inside a keyword group
  // such as "[timeout DUR]", the keyword ("timeout"); empty for keywords and literal words.
  // The executor names the argument by it on the way to the agent.
  std::string slot;
};

struct Expectation {
  std::optional<long long> ret;     // "=> 3", "=> 0", "=> -1"; -1 with an errno; length of data
  std::optional<int> err;           // "=> -1 ECONNRESET" or "=> ECONNRESET" (ret then -1)
  std::optional<std::string> data;  // "=> \"hi\\n\"": the bytes read equal this (ret = length)
  std::optional<int> killedBy;      // "=> signal SIGPIPE": the agent process died of it
  std::optional<int> caught;        // "caught SIGPIPE": the agent caught it during the call
  bool ok = false;                  // "=> ok": ret >= 0, anything else accepted
  bool blocked = false;             // "=> blocked": the call's own bound (timeout DUR) ran out
  std::optional<double> blockedFor; // "=> blocked for 1500ms": and it waited at least this long
  bool noSignal = false;            // "nosignal": written out; no caught signal is the default
  bool reply = false;               // "=> $reply": the data read is the profile's reply
  SourcePos pos;                    // of the "=>"
  std::string text;                 // as written, for messages: "-1 ECONNRESET"
};

struct Step {
  enum class Kind { Agent, Expect, Await, Directive };
  Kind kind = Kind::Agent;
  SourcePos pos;        // of the line's first word
  std::string source;   // the line as written, without trailing comment and blanks
  // Agent: the host running it. Expect: the host examined, or "wire".
  // Await: the host that ran the background step. Directive: its subject host ("" for
  // heal and wait; the first host of partition, the second is args[0]).
  std::string host;
  std::string var;      // Agent: "c" in "client c = connect ..."; Await: the awaited var
  // Agent: the syscall verb ("connect", "write"). Expect: the check ("state", "tcp",
  // "wire", "alive", ...). Await: "await". Directive: "start", "crash", "wait", ...
  std::string verb;
  // Everything after the verb (Expect: after the check word; wire: SRC DST FLAGS
  // [count N], the '>' dropped) up to '&', '=>', 'within' or 'after'.
  std::vector<Arg> args;
  bool background = false;  // trailing "&"
  std::optional<Expectation> expect;
  std::optional<double> within, after;  // seconds: "within 15s", "after 1s"
  SourcePos withinPos, afterPos;        // of their durations
  // "when kernel >= 6.13 STEP": the step runs only on such kernels; on others it is
  // recorded as skipped and the story goes on.
  std::optional<KernelCondition> when;
};

struct Scenario {
  std::string name, ref, group, file, explain;
  std::vector<std::string> servers, hosts;  // hosts as declared; "router" is implicit
  int port = 9877;                          // the service port of the server under test
  double timeout = 60;                      // seconds, the whole scenario
  bool solo = false;                        // "solo": no other run beside it (tight timings)
  std::vector<Step> steps;
  std::vector<std::string> sysctlsRelied;   // from "relies": documentation only
  // From "needs" (Traits.h), plus "replies" when a step writes $request or expects $reply.
  std::vector<std::string> needs;
  // "kernel >= 6.13" lines, all of which must hold on the running kernel; on another the
  // story is skipped with the reason.
  std::vector<KernelCondition> kernels;
  std::string checks;  // "checks PROPERTY" (Properties.h): what the story decides about $server
  // "setup-checks PROPERTY": what a server breaks when the story fails before its first
  // fault step -- it never let the story reach the situation `checks` is about.
  std::string setupChecks;
};

// A mistake in a scenario file. what() is the full gcc-style message:
// "FILE:LINE:COL: error: MESSAGE\n  <line>\n  <caret>\n[  expected: ...\n]"
class ParseError : public std::runtime_error {
 public:
  ParseError(std::string file, SourcePos pos, std::string message, std::string_view sourceLine,
             std::string_view expected = {});
  SourcePos pos;
  std::string file;
  std::string message;  // MESSAGE alone, without position, source line or caret
};

// Parses and validates a whole scenario. Throws ParseError at the first mistake.
Scenario parseScenario(std::string_view text, std::string_view fileName);

// Reads and parses a file; an unreadable file is a ParseError at 0:0 naming the errno.
Scenario loadScenario(const std::filesystem::path& path);

// Keyword lookup in a step's args (Word args only, so a string "nosignal" never matches).
bool flag(const Step& step, std::string_view keyword);                      // "nonblock"
const Arg* option(const Step& step, std::string_view keyword);  // the arg after "timeout"

}  // namespace tcpfault::scenario
