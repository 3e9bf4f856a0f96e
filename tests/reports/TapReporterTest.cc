#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "SampleRuns.h"
#include "tests/support/TempDir.h"
#include "reports/DocumentReporter.h"
#include "reports/TapReporter.h"

namespace tcpfault::report {
namespace {

TEST(TapReporter, WritesVersionPlanResultLinesYamlAndTotals) {
  tcpfault::testsupport::TempDir dir;
  DocumentReporter(dir.path(), "results.tap", tapDocument).finish(tcpfault::reporttest::sampleRuns(), 3.5);
  std::ifstream in(dir.path() / "results.tap");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(),
            "TAP version 13\n"
            "1..4\n"
            "ok 1 echo-roundtrip [fork-echo]\n"
            "not ok 2 write-after-rst-sigpipe [fork-echo]\n"
            "  ---\n"
            "  message: \"expected signal SIGPIPE, got 6 <\\\"&'\\u0001\xEF\xBF\xBD> "
            "(write-after-rst-sigpipe.scn:14)\"\n"
            "  severity: fail\n"
            "  at: \"scenarios/write-after-rst-sigpipe.scn:14\"\n"
            "  step: \"client write c \\\"again\\\\n\\\" => signal SIGPIPE\"\n"
            "  expected: \"signal SIGPIPE\"\n"
            "  observed: \"6 é→\"\n"
            "  ref: \"UNP 5.13\"\n"
            "  pcap: \"pcap/write-after-rst-sigpipe_fork-echo_.pcap\"\n"
            "  duration_ms: 1500\n"
            "  ...\n"
            "ok 3 ipv6-only # SKIP no IPv6 in this kernel\n"
            "not ok 4 crash-server [epoll-et]\n"
            "  ---\n"
            "  message: \"netlink: add veth: EEXIST (File exists)\"\n"
            "  severity: error\n"
            "  at: \"scenarios/crash-server.scn\"\n"
            "  duration_ms: 100\n"
            "  ...\n"
            "# pass 1\n# fail 1\n# skip 1\n# error 1\n# time 3.500s\n");
}

TEST(TapReporter, HashInANameIsEscaped) {
  RunRecord r;
  r.scenario = "a#b";
  EXPECT_THAT(tapDocument({r}, 0), ::testing::HasSubstr("ok 1 a\\#b\n"));
}

}  // namespace
}  // namespace tcpfault::report
