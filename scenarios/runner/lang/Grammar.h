// The scenario verbs in one table: each row names a verb, where it may appear, its usage
// (shown in error messages), the argument pattern the parser checks it against and its
// traits. The pattern's slots also name the arguments on their way to the agent
// (Arg::slot). Handlers are bound by verb in the layers above (exec, agent); a test
// checks that every row has one.
#pragma once

#include <span>
#include <string_view>

#include "scenarios/runner/lang/Scenario.h"

namespace tcpfault::scenario {

// Where a verb appears: "client write c ..." (Agent), "expect client state c ..." (Expect),
// "await r => ..." (Await), "crash server" (Directive).
enum class Context { Agent, Expect, Await, Directive };

// What a verb is besides its words; a row ORs the ones that apply.
enum Trait : unsigned {
  kSocket = 1u << 0,       // connect, listen, accept: "VAR =" receives a socket
  kUntimed = 1u << 1,      // takes no trailing "within DUR" / "after DUR"
  kNeedsServer = 1u << 2,  // its host must have a server started before ("stop", "expect HOST alive")
  kFault = 1u << 3,        // changes the network or a host: marked on the ladder diagram
  kStartsServer = 1u << 4, // "start": free program arguments; later kNeedsServer rows may follow
  kWire = 1u << 5,         // acts on the wire between two declared hosts (SRC > DST, or SUBJECT)
  kTracks = 1u << 6,       // the run tracks TCP sequence space between SRC and DST from its start
  kMarks = 1u << 7,        // "mark NAME": later "since NAME" may refer to it
  kWireSubject = 1u << 8,  // an expect check written "expect wire CHECK ..." (no host)
  kBaseline = 1u << 9,     // compares with the run's start: a snapshot is taken before step 1
};

struct VerbSpec {
  std::string_view verb;     // "write"; for Expect the check word ("state", "wire")
  Context context;
  std::string_view usage;    // "write VAR DATA [nosignal]": shown after "expected:"
  // What follows the verb. PLACEHOLDERS are uppercase (VAR DATA N DUR SUBJECT ...;
  // ARGS... takes the rest), literals lowercase, "a|b" alternatives, [..] optional:
  // optional keyword groups may come in any order after the positional arguments.
  std::string_view pattern;
  unsigned traits = 0;

  bool assignsSocket() const { return traits & kSocket; }
  bool timed() const { return !(traits & kUntimed); }
  bool needsServer() const { return traits & kNeedsServer; }
  bool fault() const { return traits & kFault; }
  bool startsServer() const { return traits & kStartsServer; }
  bool wire() const { return traits & kWire; }
};

std::span<const VerbSpec> verbs();

// nullptr if the verb does not exist in that context.
const VerbSpec* findVerb(Context context, std::string_view verb);

// The "expect wire WORD ..." check (trait kWireSubject) whose pattern starts with WORD
// ("dropped"); nullptr if none, and the line is the segment check "expect wire SRC > DST".
const VerbSpec* findWireCheck(std::string_view word);

// The context a parsed step came from, and its row (nullptr for a hand-made step).
Context contextOf(Step::Kind kind);
const VerbSpec* findVerb(const Step& step);

// Socket options "setsockopt VAR OPTION VALUE" accepts, and whether VALUE is a duration.
struct SockOptSpec {
  std::string_view name;
  bool duration;  // TCP_USER_TIMEOUT, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_DEFER_ACCEPT take 5s; others a number
};
std::span<const SockOptSpec> sockOpts();

// TCP states as "expect HOST state" and "expect HOST tcp" name them.
std::span<const std::string_view> tcpStates();

// Words that decide a line's kind in first position (metadata, directives, expect, await,
// wire, router): none may name a host.
bool isLineKeyword(std::string_view word);

// Line keywords and every keyword inside steps ("nonblock", "within", "count"...): none
// may name a variable, so flag()/option() lookups stay unambiguous.
bool isReservedWord(std::string_view word);

// Whether WORD is a lowercase word of PATTERN: "[timeout DUR]" has "timeout".
bool isPatternKeyword(std::string_view pattern, std::string_view word);

}  // namespace tcpfault::scenario
