// What one run (scenario x server) did: the data every report writer reads.
// The executor fills it; writers never look at the scenario or the hosts themselves.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tcpfault::report {

// Error: the harness itself failed. Warn: only a warn-level server property (a policy
// worth knowing, such as no dead-peer detection) did not hold; it never fails the suite.
enum class Status { Pass, Fail, Skip, Error, Warn };
const char* statusName(Status s);                // "pass", "fail", "skip", "error", "warn"

// One packet seen on the router, as drawn in a ladder diagram.
struct Segment {
  double t = 0;             // seconds since the run started
  std::string src, dst;     // host names when known ("client"), else addresses
  uint16_t sport = 0, dport = 0;
  std::string flags;        // TCP flags in "SFRPAU" order, e.g. "SA", "FA", "R", "PA"
  uint32_t seq = 0, ack = 0, len = 0;  // len: TCP payload bytes
  bool icmp = false;        // an ICMP error rather than a TCP segment
  bool icmp6 = false;       // ICMPv6 rather than ICMP
  uint8_t icmpType = 0, icmpCode = 0;  // what an `expect wire` ICMP kind matches (IcmpMessage.h)
  std::string icmpText;     // "host unreachable": for reports only
};

// One line of the scenario as it ran.
struct StepRecord {
  int line = 0;
  std::string text;         // the source line, trimmed
  double start = 0, end = 0;  // seconds since the run started
  std::string outcome;      // "ok", "failed", "skipped"
  std::string expected;     // "-1 ECONNRESET", empty when nothing was expected
  std::string observed;     // "-1 EPIPE", "3 \"hi\\n\"", "killed by SIGPIPE"
  bool fault = false;       // crash / reboot / kill / partition ...: marked on the ladder
};

// Which run this is: built once, when the run is planned, and carried into its record.
struct RunIdentity {
  std::string scenario;     // "write-after-rst-sigpipe"
  std::string server;       // "fork-echo"; empty when the scenario starts no server
  std::string group;        // "unp", "edge", "epoll"
  std::string file;         // path of the .scn file
  std::string ref;          // "UNP 5.13"
  int iteration = 0;        // 0.. with --repeat
  int iterations = 1;       // the --repeat count: above 1, each repetition has its own id

  // "write-after-rst-sigpipe [fork-echo]", or the bare scenario name without a server;
  // with --repeat, " #2" etc., so each repetition has its own JUnit case and pcap.
  std::string id() const {
    std::string base = server.empty() ? scenario : scenario + " [" + server + "]";
    return iterations > 1 ? base + " #" + std::to_string(iteration + 1) : base;
  }
};

// What a run decided about one server property: the story's own (`checks PROPERTY`) or
// one of the epilogue's (keeps-serving, no-leak, no-spin). The report card reads these.
struct PropertyVerdict {
  std::string name;          // "half-close"
  std::string verdict;       // "pass", "fail", "warn", "skip"
  int line = 0;              // the deciding line of the .scn; 0 for the epilogue
  std::string step;          // the deciding step as written ("epilogue: ..." for the epilogue)
  std::string expected, observed;  // the evidence, when it did not pass; observed = skip reason
  std::string meaning, fix;  // the property's one-line meaning and fix hint
  int rank = 0;              // its place in the property table: the card's row order
};

struct RunRecord : RunIdentity {
  RunRecord() = default;
  explicit RunRecord(RunIdentity who) : RunIdentity(std::move(who)) {}

  Status status = Status::Pass;
  std::string message;      // the failure: "expected ECONNRESET, got EPIPE (x.scn:14)"
  int failedLine = 0;
  double seconds = 0;
  std::string startedAt;    // ISO 8601, UTC
  std::vector<StepRecord> steps;
  std::vector<Segment> segments;
  std::string pcapFile;     // relative to the report dir; empty when none
  std::string log;          // agent and server output, for system-out
  std::vector<PropertyVerdict> properties;  // runs against a $server only
};

}  // namespace tcpfault::report
