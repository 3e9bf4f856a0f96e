// A row of the verb table (runner/lang/VerbTable.h): a verb, where it may appear, its
// usage, its argument pattern and its traits. Literal types only, so the table and the
// checks over it (lang/SlotName.h) can run at compile time.
#pragma once

#include <string_view>

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

}  // namespace tcpfault::scenario
