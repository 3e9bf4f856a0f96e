// Runs as the executor would record them, covering every status and awkward text
// (quotes, markup, control characters, invalid UTF-8), for the writer tests.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "reports/record/RunRecord.h"

namespace tcpfault::reporttest {

inline report::Segment seg(double t, const char* src, const char* dst, const char* flags,
                           uint32_t seq, uint32_t ack, uint32_t len) {
  report::Segment s;
  s.t = t;
  s.src = src;
  s.dst = dst;
  s.sport = std::string(src) == "client" ? 40000 : 9877;
  s.dport = std::string(src) == "client" ? 9877 : 40000;
  s.flags = flags;
  s.seq = seq;
  s.ack = ack;
  s.len = len;
  return s;
}

// A passing run: handshake, "hi\n" echoed, orderly close.
inline report::RunRecord passingRun() {
  report::RunRecord r;
  r.scenario = "echo-roundtrip";
  r.server = "fork-echo";
  r.group = "unp";
  r.file = "scenarios/echo-roundtrip.scn";
  r.ref = "UNP 5.4";
  r.status = report::Status::Pass;
  r.seconds = 0.25;
  r.startedAt = "2026-11-23T10:40:00.123Z";
  r.steps = {{3, "client c = connect server:9877", 0.01, 0.02, "ok", "", "0", false},
             {4, "client write c \"hi\\n\"", 0.02, 0.03, "ok", "3", "3", false}};
  r.segments = {seg(0.010, "client", "server", "S", 1000, 0, 0),
                seg(0.011, "server", "client", "SA", 5000, 1001, 0),
                seg(0.012, "client", "server", "A", 1001, 5001, 0),
                seg(0.020, "client", "server", "PA", 1001, 5001, 3),
                seg(0.021, "server", "client", "PA", 5001, 1004, 3)};
  r.pcapFile = "pcap/echo-roundtrip_fork-echo_.pcap";
  return r;
}

// A failed run with awkward text everywhere, a fault step and an RST after the failure.
inline report::RunRecord failingRun() {
  report::RunRecord r = passingRun();
  r.scenario = "write-after-rst-sigpipe";
  r.file = "scenarios/write-after-rst-sigpipe.scn";
  r.ref = "UNP 5.13";
  r.status = report::Status::Fail;
  r.message = "expected signal SIGPIPE, got 6 <\"&'\x01\xff> (write-after-rst-sigpipe.scn:14)";
  r.failedLine = 14;
  r.seconds = 1.5;
  r.steps.push_back({10, "kill server child SIGKILL", 0.5, 0.6, "ok", "", "", true});
  r.steps.push_back({14, "client write c \"again\\n\" => signal SIGPIPE", 1.2, 1.3, "failed",
                     "signal SIGPIPE", "6 é→", false});
  r.segments.push_back(seg(0.6, "server", "client", "FA", 5004, 1004, 0));
  r.segments.push_back(seg(1.25, "client", "server", "PA", 1004, 5005, 6));
  r.segments.push_back(seg(1.26, "server", "client", "R", 5005, 0, 0));
  r.segments.push_back(seg(9.0, "client", "server", "A", 1010, 5005, 0));  // far away
  r.log = "server: accepted 198.18.1.2:40000\x02\n";
  r.pcapFile = "pcap/write-after-rst-sigpipe_fork-echo_.pcap";
  return r;
}

inline report::RunRecord skippedRun() {
  report::RunRecord r;
  r.scenario = "ipv6-only";
  r.group = "edge";
  r.file = "scenarios/ipv6-only.scn";
  r.status = report::Status::Skip;
  r.message = "no IPv6 in this kernel";
  r.startedAt = "2026-11-23T10:41:00Z";
  return r;
}

inline report::RunRecord errorRun() {
  report::RunRecord r;
  r.scenario = "crash-server";
  r.server = "epoll-et";
  r.group = "edge";
  r.file = "scenarios/crash-server.scn";
  r.status = report::Status::Error;
  r.message = "netlink: add veth: EEXIST (File exists)";
  r.seconds = 0.1;
  r.startedAt = "2026-11-23T10:40:30Z";
  return r;
}

// The router answers for a crashed server with ICMP host unreachable (EHOSTUNREACH).
inline report::RunRecord unreachableRun() {
  report::RunRecord r;
  r.scenario = "connect-unreachable";
  r.group = "edge";
  r.file = "scenarios/connect-unreachable.scn";
  r.ref = "connect(2)";
  r.seconds = 0.4;
  r.startedAt = "2026-11-23T10:42:00Z";
  r.steps = {{5, "unreachable server", 0.05, 0.06, "ok", "", "", true},
             {6, "client c = connect server:9877 => -1 EHOSTUNREACH", 0.1, 0.3, "ok",
              "-1 EHOSTUNREACH", "-1 EHOSTUNREACH", false}};
  r.segments = {seg(0.1, "client", "server", "S", 77, 0, 0)};
  report::Segment icmp = seg(0.101, "router", "client", "", 0, 0, 0);
  icmp.icmp = true;
  icmp.icmpText = "host unreachable";
  r.segments.push_back(icmp);
  r.pcapFile = "pcap/connect-unreachable.pcap";
  return r;
}

inline std::vector<report::RunRecord> sampleRuns() {
  return {passingRun(), failingRun(), skippedRun(), errorRun()};
}

// Runs a python3 script on a file; its stdout, or nullopt-like "" with ok=false when
// python3 is missing or the script failed.
struct PythonResult {
  bool ran = false;
  int status = 0;
  std::string out;
};

inline PythonResult runPython(const std::string& script, const std::string& file) {
  PythonResult r;
  if (std::system("command -v python3 >/dev/null 2>&1") != 0) return r;
  std::string cmd = "python3 -c '" + script + "' '" + file + "' 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(cmd.c_str(), "r"), ::pclose);
  if (!pipe) return r;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, pipe.get())) > 0;) r.out.append(buf, n);
  r.status = ::pclose(pipe.release());
  r.ran = true;
  return r;
}

}  // namespace tcpfault::reporttest
