// results.json parsed back by Python's json module and checked against the runs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "SampleRuns.h"
#include "tests/support/TempDir.h"
#include "reports/DocumentReporter.h"
#include "reports/JsonReporter.h"
#include "reports/JsonWriter.h"
#include "reports/RunEnvironment.h"

namespace tcpfault::report {
namespace {

using tcpfault::reporttest::runPython;
using tcpfault::reporttest::errorRun;
using tcpfault::reporttest::failingRun;
using tcpfault::reporttest::passingRun;
using tcpfault::reporttest::sampleRuns;
using tcpfault::reporttest::skippedRun;

TEST(JsonWriter, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(jsonQuote("a\"b\\c\nd\x01\x1f"), R"("a\"b\\c\nd\u0001\u001f")");
}

TEST(JsonWriter, PassesUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(jsonQuote("é→"), "\"é→\"");
  EXPECT_EQ(jsonQuote("a\xff"
                      "b"),
            "\"a\xEF\xBF\xBD"
            "b\"");
  EXPECT_EQ(jsonQuote("\xC3"), "\"\xEF\xBF\xBD\"");  // truncated sequence
  EXPECT_EQ(jsonQuote("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");  // surrogate
}

TEST(JsonWriter, NestsWithCommasAndEmptyContainers) {
  JsonWriter w;
  w.beginObject().field("a", 1).key("b").beginArray().endArray().key("c").beginArray();
  w.value(true).null().value(2.5).endArray().key("d").beginObject().endObject().endObject();
  EXPECT_EQ(w.str(),
            "{\n  \"a\": 1,\n  \"b\": [],\n  \"c\": [\n    true,\n    null,\n    2.5\n  ],"
            "\n  \"d\": {}\n}");
}

TEST(JsonWriter, NonFiniteNumbersBecomeNull) {
  JsonWriter w;
  w.beginArray().value(1.0 / 0.0).endArray();
  EXPECT_EQ(w.str(), "[\n  null\n]");
}

constexpr const char* kJsonCheck = R"PY(
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
print(d["tool"], d["schema"], d["totals"])
for r in d["runs"]:
    print(r["id"], "|", r["status"], "|", r["message"], "|", r["pcapFile"], "|", len(r["steps"]), len(r["segments"]))
    for s in r["steps"]:
        if s["outcome"] == "failed": print("  step", s["line"], s["expected"], "|", s["observed"], s["start"], s["end"])
    for s in r["segments"][:4]: print("  seg", s["t"], s["src"], s["dst"], s["flags"], s["label"])
)PY";

TEST(JsonReporter, PythonReadsBackEveryRunStepAndSegment) {
  tcpfault::testsupport::TempDir dir;
  auto runs = sampleRuns();
  DocumentReporter(dir.path(), "results.json", jsonDocument).finish(runs, 3.5);
  auto py = runPython(kJsonCheck, (dir.path() / "results.json").string());
  if (!py.ran) GTEST_SKIP() << "python3 not installed";
  ASSERT_EQ(py.status, 0) << py.out;
  EXPECT_EQ(
      py.out,
      "tcpfault 1 {'runs': 4, 'passed': 1, 'failed': 1, 'skipped': 1, 'errors': 1, 'warned': 0}\n"
      "echo-roundtrip [fork-echo] | pass | None | pcap/echo-roundtrip_fork-echo_.pcap | 2 5\n"
      "  seg 0.01 client server S SYN\n"
      "  seg 0.011 server client SA SYN-ACK\n"
      "  seg 0.012 client server A ACK 1\n"
      "  seg 0.02 client server PA PA 1:4(3)\n"
      "write-after-rst-sigpipe [fork-echo] | fail | expected signal SIGPIPE, got 6 "
      "<\"&'\x01\xEF\xBF\xBD> (write-after-rst-sigpipe.scn:14) | "
      "pcap/write-after-rst-sigpipe_fork-echo_.pcap | 4 9\n"
      "  step 14 signal SIGPIPE | 6 é→ 1.2 1.3\n"
      "  seg 0.01 client server S SYN\n"
      "  seg 0.011 server client SA SYN-ACK\n"
      "  seg 0.012 client server A ACK 1\n"
      "  seg 0.02 client server PA PA 1:4(3)\n"
      "ipv6-only | skip | no IPv6 in this kernel | None | 0 0\n"
      "crash-server [epoll-et] | error | netlink: add veth: EEXIST (File exists) | None | 0 0\n");
}

constexpr const char* kMatrix = R"PY(
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))["matrix"]
print(" ".join(m["servers"]))
for row in m["stories"]:
    for c in row["cells"]:
        print(row["story"], c["server"], c["outcome"], c["passed"], c["failed"], c["skipped"], c["line"], c["why"])
)PY";

// The report card in JSON: story x server, each cell's verdict with the failing line or
// the skip reason; a run without a server is not in it, a pair never run is "none".
TEST(JsonReporter, CarriesTheStoryByServerReportCard) {
  tcpfault::testsupport::TempDir dir;
  RunRecord skipped = passingRun();
  skipped.server = "nginx";
  skipped.status = Status::Skip;
  skipped.message = "needs echo; nginx has ipv6 replies";
  std::vector<RunRecord> runs{passingRun(), failingRun(), skipped, skippedRun(), errorRun()};
  DocumentReporter(dir.path(), "results.json", jsonDocument).finish(runs, 3.5);
  auto py = runPython(kMatrix, (dir.path() / "results.json").string());
  if (!py.ran) GTEST_SKIP() << "python3 not installed";
  ASSERT_EQ(py.status, 0) << py.out;
  EXPECT_EQ(py.out,
            "fork-echo nginx epoll-et\n"
            "echo-roundtrip fork-echo pass 1 0 0 0 None\n"
            "echo-roundtrip nginx skip 0 0 1 0 needs echo; nginx has ipv6 replies\n"
            "echo-roundtrip epoll-et none 0 0 0 0 None\n"
            "write-after-rst-sigpipe fork-echo fail 0 1 0 14 scenarios/write-after-rst-sigpipe.scn:14: "
            "expected signal SIGPIPE, got 6 <\"&'\x01\xEF\xBF\xBD> (write-after-rst-sigpipe.scn:14)\n"
            "write-after-rst-sigpipe nginx none 0 0 0 0 None\n"
            "write-after-rst-sigpipe epoll-et none 0 0 0 0 None\n"
            "crash-server fork-echo none 0 0 0 0 None\n"
            "crash-server nginx none 0 0 0 0 None\n"
            "crash-server epoll-et fail 0 1 0 0 netlink: add veth: EEXIST (File exists)\n");
}

// The kernel and the privilege, so that reports from several kernels merge into one
// kernel matrix: this process's own uname and uid_map.
TEST(JsonReporter, CarriesTheKernelAndThePrivilege) {
  tcpfault::testsupport::TempDir dir;
  DocumentReporter(dir.path(), "results.json", jsonDocument).finish(sampleRuns(), 3.5);
  auto py = runPython(R"PY(
import json, sys
e = json.load(open(sys.argv[1], encoding="utf-8"))["environment"]
print(e["kernel"], e["machine"], e["privilege"])
)PY",
                      (dir.path() / "results.json").string());
  if (!py.ran) GTEST_SKIP() << "python3 not installed";
  ASSERT_EQ(py.status, 0) << py.out;
  RunEnvironment env = currentEnvironment();
  EXPECT_FALSE(env.kernel.empty());
  EXPECT_EQ(py.out, env.kernel + " " + env.machine + " " + env.privilege + "\n");
}

TEST(RunEnvironment, PrivilegeComesFromTheUidMap) {
  EXPECT_EQ(privilegeFrom("         0          0 4294967295\n", 0), "root");
  EXPECT_EQ(privilegeFrom("         0          0 4294967295\n", 1000), "capabilities");
  EXPECT_EQ(privilegeFrom("         0       1000          1\n", 0), "userns");
  EXPECT_EQ(privilegeFrom("         0          0          1\n", 0), "userns");
  EXPECT_EQ(privilegeFrom("", 0), "root");  // no user namespaces in this kernel
}

}  // namespace
}  // namespace tcpfault::report
