// The scenario verbs, one row each, in a header so that the rows are known at compile time:
// handlers name the slots they read through lang/SlotName.h, checked against these rows
// when the handler compiles. Lookups at run time go through lang/Grammar.h.
#pragma once

#include <array>

#include "scenarios/runner/lang/VerbSpec.h"

namespace tcpfault::scenario {
// The one table of verbs. A new verb is one row here and its handler: an agent verb's in
// the agent (runner/agent/AgentVerbs.cc), any other verb's in the executor's table for
// its context (runner/exec/ExpectSteps.cc, Directives.cc).
inline constexpr std::array<VerbSpec, 59> kVerbs{{
    // Agent steps: HOST [VAR =] VERB ARGS... [&] [=> EXPECTATION] [within DUR] [after DUR]
    {"connect", Context::Agent, "connect DEST [nonblock] [ipv6] [timeout DUR]",
     "DEST [nonblock] [ipv6] [timeout DUR]", kSocket},
    {"flood", Context::Agent, "flood DEST N", "DEST N", kSocket},
    {"synflood", Context::Agent, "synflood DEST N", "DEST N", kSocket},
    {"listen", Context::Agent, "listen PORT [reuseaddr] [backlog N] [ipv6]",
     "PORT [reuseaddr] [backlog N] [ipv6]", kSocket},
    {"accept", Context::Agent, "accept VAR [nonblock] [timeout DUR]", "VAR [nonblock] [timeout DUR]",
     kSocket},
    {"write", Context::Agent, "write VAR DATA [nosignal]", "VAR DATA [nosignal]"},
    {"send", Context::Agent, "send VAR DATA [nosignal] [dontwait] [oob] [more]",
     "VAR DATA [nosignal] [dontwait] [oob] [more]"},
    {"read", Context::Agent, "read VAR [N]", "VAR [N]"},
    {"recv", Context::Agent, "recv VAR [N] [waitall] [peek] [dontwait]",
     "VAR [N] [waitall] [peek] [dontwait]"},
    {"readall", Context::Agent, "readall VAR N", "VAR N"},
    {"shutdown", Context::Agent, "shutdown VAR wr|rd|rdwr", "VAR wr|rd|rdwr"},
    {"close", Context::Agent, "close VAR", "VAR"},
    {"abort", Context::Agent, "abort VAR", "VAR"},
    {"setsockopt", Context::Agent, "setsockopt VAR OPTION VALUE", "VAR OPTION VALUE"},
    {"so_error", Context::Agent, "so_error VAR", "VAR"},
    {"getpeername", Context::Agent, "getpeername VAR", "VAR"},
    {"poll", Context::Agent, "poll VAR [timeout DUR]", "VAR [timeout DUR]"},
    {"signal", Context::Agent, "signal SIGNAME default|ignore|catch [restart]",
     "SIGNAME default|ignore|catch [restart]"},
    // await VAR => EXPECTATION [within DUR] [after DUR]
    {"await", Context::Await, "await VAR => EXPECTATION [within DUR] [after DUR]", "CALL"},
    // expect HOST CHECK ARGS... [within DUR]: polled until it holds
    {"state", Context::Expect, "expect HOST state VAR STATE", "VAR STATE"},
    {"tcp", Context::Expect, "expect HOST tcp local|remote PORT STATE [count N]",
     "local|remote PORT STATE [count N]", kSockDiag},
    {"wire", Context::Expect, "expect wire SRC > DST FLAGS [len N] [count [>=|<=] N] [no] [for DUR] [since MARK]",
     "SRC > DST FLAGS [len N] [count CMP? N] [no] [for DUR] [since MARK]"},
    {"zombies", Context::Expect, "expect HOST zombies N [for DUR]", "N [for DUR]", kNeedsServer},
    {"children", Context::Expect, "expect HOST children N [for DUR]", "N [for DUR]", kNeedsServer},
    // Children reaped (the server's lines containing STRING) plus zombies: those that exited.
    {"reaped", Context::Expect, "expect HOST reaped STRING + zombies N", "STRING + zombies N", kNeedsServer},
    {"alive", Context::Expect, "expect HOST alive", "", kNeedsServer},
    // The server's main thread sleeps in this system call: it is ready for what comes next.
    {"asleep", Context::Expect, "expect HOST asleep in NAME", "in NAME", kNeedsServer},
    {"exited", Context::Expect, "expect HOST exited [N]", "[N]", kNeedsServer | kEndsServer},
    {"killed", Context::Expect, "expect HOST killed SIGNAME", "SIGNAME", kNeedsServer | kEndsServer},
    {"cpu", Context::Expect, "expect HOST cpu below PERCENT for DUR", "below PERCENT for DUR", kNeedsServer},
    {"log", Context::Expect, "expect HOST log STRING", "STRING", kNeedsServer},
    // The server's open descriptors (/proc/PID/fd): a count, or its rise since a mark.
    {"fds", Context::Expect, "expect HOST fds CMP N [since MARK]", "CMP N [since MARK]", kNeedsServer},
    // What the wire engine did since the run's start (or a mark), all rules summed. Found
    // by its first word (findWireCheck), so the row's verb is its first alternative.
    {"dropped", Context::Expect,
     "expect wire dropped|delayed|duplicated|corrupted|reordered|injected [CMP] N [since MARK]",
     "dropped|delayed|duplicated|corrupted|reordered|injected [CMP] N [since MARK]", kWireSubject},
    // A kernel MIB counter of HOST, as a delta since the run's start (or a mark).
    {"mib", Context::Expect, "expect HOST mib COUNTER CMP N [since MARK]", "COUNTER CMP N [since MARK]",
     kBaseline},
    // Directives: the first word is the verb, SUBJECT is the host it acts on.
    {"start", Context::Directive, "start HOST PROGRAM ARGS...", "SUBJECT PROGRAM ARGS...", kUntimed | kStartsServer | kSockDiag},
    {"stop", Context::Directive, "stop HOST [within DUR]", "SUBJECT", kNeedsServer | kEndsServer},
    {"sysctl", Context::Directive, "sysctl HOST KEY=VALUE", "SUBJECT KEY=VALUE", kUntimed | kSetsSysctl},
    {"crash", Context::Directive, "crash HOST", "SUBJECT", kUntimed | kFault | kHostFault},
    {"unreachable", Context::Directive, "unreachable HOST", "SUBJECT", kUntimed | kFault | kHostFault},
    {"reboot", Context::Directive, "reboot HOST", "SUBJECT", kUntimed | kFault | kHostFault},
    {"shutdown", Context::Directive, "shutdown HOST [DUR]", "SUBJECT [DUR]", kUntimed | kFault | kHostFault},
    {"kill", Context::Directive, "kill HOST server|child|children SIGNAME",
     "SUBJECT server|child|children SIGNAME", kUntimed | kNeedsServer | kFault | kEndsServer},
    // The signal reaches the thread of a pending background call while it sleeps in the
    // kernel, and is handled before the next step (runner/agent/AgentVerbs.cc).
    {"interrupt", Context::Directive, "interrupt HOST VAR SIGNAME", "SUBJECT CALL SIGNAME", kUntimed | kFault},
    {"partition", Context::Directive, "partition HOST HOST", "SUBJECT HOST", kUntimed | kFault | kHostFault},
    {"heal", Context::Directive, "heal", "", kUntimed | kFault},
    {"wait", Context::Directive, "wait DUR", "DUR", kUntimed | kSleeps},
    // Wire faults: the router between SRC and DST misbehaves (netns/wire). MATCH is TCP
    // flags (S, SA, F, R) or data; count/nth pick exactly which matching segments.
    {"drop", Context::Directive, "drop SRC > DST [MATCH] [count N] [nth N]",
     "SRC > DST [MATCH] [count N] [nth N]", kUntimed | kFault | kWire, WirePath::Picked},
    {"loss", Context::Directive, "loss SRC > DST [MATCH] PERCENT [seed N]", "SRC > DST [MATCH] PERCENT [seed N]",
     kUntimed | kFault | kWire, WirePath::Seeded},
    {"delay", Context::Directive, "delay SRC > DST [MATCH] DUR [jitter DUR] [count N] [nth N]",
     "SRC > DST [MATCH] DUR [jitter DUR] [count N] [nth N]", kUntimed | kFault | kWire, WirePath::Engine},
    {"reorder", Context::Directive, "reorder SRC > DST [MATCH] [count N] [nth N]",
     "SRC > DST [MATCH] [count N] [nth N]", kUntimed | kFault | kWire, WirePath::Engine},
    {"duplicate", Context::Directive, "duplicate SRC > DST [MATCH] [count N] [nth N]",
     "SRC > DST [MATCH] [count N] [nth N]", kUntimed | kFault | kWire, WirePath::Picked},
    {"corrupt", Context::Directive, "corrupt SRC > DST [MATCH] [count N] [nth N]",
     "SRC > DST [MATCH] [count N] [nth N]", kUntimed | kFault | kWire, WirePath::Engine},
    {"rate", Context::Directive, "rate SRC > DST RATE", "SRC > DST RATE", kUntimed | kFault | kWire, WirePath::Qdisc},
    {"mtu", Context::Directive, "mtu HOST N [blackhole]", "SUBJECT N [blackhole]", kUntimed | kFault | kWire, WirePath::LinkMtu},
    {"inject", Context::Directive, "inject SRC > DST FLAGS [seq SEQ] [ack SEQ] [data STRING]",
     "SRC > DST FLAGS [seq SEQ] [ack SEQ] [data STRING]", kUntimed | kFault | kWire | kTracks, WirePath::Engine},
    {"clear", Context::Directive, "clear", "", kUntimed | kFault},
    {"mark", Context::Directive, "mark NAME", "MARK", kUntimed | kMarks},
    {"prohibit", Context::Directive, "prohibit HOST", "SUBJECT", kUntimed | kFault | kHostFault},
    {"noroute", Context::Directive, "noroute HOST", "SUBJECT", kUntimed | kFault | kHostFault},
}};

}  // namespace tcpfault::scenario
