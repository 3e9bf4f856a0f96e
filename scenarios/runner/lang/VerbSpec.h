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
  kSleeps = 1u << 10,      // "wait DUR": sleeps DUR, counted in a run's timer bound (JobPool)
  kSetsSysctl = 1u << 11,  // "sysctl HOST KEY=VALUE": its key is checked against the policy first
  kEndsServer = 1u << 12,  // stops the host's server or expects it gone ("kill": when it targets `server`)
  kHostFault = 1u << 13,   // the host, or the path to it, is not what it was: no epilogue after it
  kSockDiag = 1u << 14,    // reads sockets through sock_diag (the server's listener, `expect tcp`)
};

// How a wire row reaches the packets (netns/wire/Wire.cc decides; StoryNeeds mirrors it to
// name the kernel features a story needs before it runs).
enum class WirePath {
  None,      // not a wire row
  Engine,    // always the userspace engine (nfqueue)
  Picked,    // a kernel rule, or the engine when count/nth pick segments or MATCH is data
  Seeded,    // a kernel rule, or the engine when seeded or MATCH is data
  Qdisc,     // a tbf qdisc, no nftables rule
  LinkMtu,   // the link's MTU; an nftables rule only to drop ICMP (`blackhole`)
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
  WirePath path = WirePath::None;

  bool assignsSocket() const { return traits & kSocket; }
  bool timed() const { return !(traits & kUntimed); }
  bool needsServer() const { return traits & kNeedsServer; }
  bool fault() const { return traits & kFault; }
  bool startsServer() const { return traits & kStartsServer; }
  bool wire() const { return traits & kWire; }
  bool sleeps() const { return traits & kSleeps; }
  bool setsSysctl() const { return traits & kSetsSysctl; }
  bool endsServer() const { return traits & kEndsServer; }
  bool hostFault() const { return traits & kHostFault; }
  bool sockDiag() const { return traits & kSockDiag; }
};

}  // namespace tcpfault::scenario
