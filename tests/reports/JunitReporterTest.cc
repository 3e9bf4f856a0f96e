// junit.xml parsed back by Python's xml.etree (a conforming XML 1.0 parser) and checked
// against the runs: suites per group, counts, names, failure/skipped/error, system-out.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "SampleRuns.h"
#include "tests/support/TempDir.h"
#include "reports/DocumentReporter.h"
#include "reports/JunitReporter.h"
#include "reports/XmlEscape.h"

namespace tcpfault::report {
namespace {

using tcpfault::reporttest::runPython;
using tcpfault::reporttest::sampleRuns;
using ::testing::HasSubstr;

TEST(XmlEscape, EscapesMarkupAndDropsCharactersXmlForbids) {
  EXPECT_EQ(xmlText("<a href=\"x\">&'\x01\x1b</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(xmlAttr("a\nb\tc\rd"), "a&#10;b&#9;c&#13;d");
  EXPECT_EQ(xmlText("\xEF\xBF\xBE"
                    "ok\xff"),
            "ok\xEF\xBF\xBD");  // U+FFFE dropped, 0xff replaced
}

constexpr const char* kJunitCheck = R"PY(
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
print(root.tag, root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped"), root.get("time"))
for suite in root.findall("testsuite"):
    print(suite.get("name"), suite.get("tests"), suite.get("failures"), suite.get("errors"), suite.get("skipped"), suite.get("time"), suite.get("timestamp"))
    for case in suite.findall("testcase"):
        kinds = [c.tag for c in case if c.tag != "system-out"]
        print(" ", case.get("name"), "|", case.get("classname"), case.get("time"), kinds)
        for c in case:
            if c.tag in ("failure", "error", "skipped"): print("   ", c.tag, repr(c.get("message")), c.get("type"))
            if c.tag == "failure": print("    body", repr(c.text))
        out = case.find("system-out")
        if out is not None: print("    out", repr(out.text.splitlines()[-2:]))
)PY";

TEST(JunitReporter, PythonParsesSuitesCasesAndOutcomes) {
  tcpfault::testsupport::TempDir dir;
  DocumentReporter(dir.path(), "junit.xml", junitDocument).finish(sampleRuns(), 3.5);
  auto py = runPython(kJunitCheck, (dir.path() / "junit.xml").string());
  if (!py.ran) GTEST_SKIP() << "python3 not installed";
  ASSERT_EQ(py.status, 0) << py.out;
  EXPECT_EQ(
      py.out,
      "testsuites 4 1 1 1 3.500\n"
      "unp 2 1 0 0 1.750 2026-11-23T10:40:00\n"
      "  echo-roundtrip [fork-echo] | tcpfault.unp 0.250 []\n"
      "    out ['   3  ok      0.010s..0.020s  client c = connect server:9877  observed: 0', "
      "'   4  ok      0.020s..0.030s  client write c \"hi\\\\n\"  expected: 3  observed: 3']\n"
      "  write-after-rst-sigpipe [fork-echo] | tcpfault.unp 1.500 ['failure']\n"
      "    failure 'expected signal SIGPIPE, got 6 <\"&\\'\xEF\xBF\xBD> "
      "(write-after-rst-sigpipe.scn:14)' "
      "expectation\n"
      "    body 'scenarios/write-after-rst-sigpipe.scn:14: client write c \"again\\\\n\" => signal "
      "SIGPIPE\\nexpected: signal SIGPIPE\\nobserved: 6 é→\\npcap: "
      "pcap/write-after-rst-sigpipe_fork-echo_.pcap\\n'\n"
      "    out ['--- log ---', 'server: accepted 198.18.1.2:40000']\n"
      "edge 2 0 1 1 0.100 2026-11-23T10:40:30\n"
      "  ipv6-only | tcpfault.edge 0.000 ['skipped']\n"
      "    skipped 'no IPv6 in this kernel' None\n"
      "  crash-server [epoll-et] | tcpfault.edge 0.100 ['error']\n"
      "    error 'netlink: add veth: EEXIST (File exists)' harness\n");
}

TEST(JunitReporter, FailureCarriesFileAndLineForAnnotations) {
  std::string xml = junitDocument({tcpfault::reporttest::failingRun()}, 1);
  EXPECT_THAT(xml, HasSubstr("file=\"scenarios/write-after-rst-sigpipe.scn\" line=\"14\""));
}

}  // namespace
}  // namespace tcpfault::report
