// The ladder diagram: arrows in wire order with the right flags and direction, columns
// client | router | server, ICMP dashed, fault bands, the failing step, the size cap.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <regex>

#include "RstBeforeAccept.h"
#include "SampleRuns.h"
#include "tests/support/TempDir.h"
#include "ThreadNetns.h"
#include "reports/capture/Capture.h"
#include "reports/LadderDiagram.h"

namespace tcpfault::report {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// The value of `attr` in every element that has it, in document order.
std::vector<std::string> attributes(const std::string& svg, const std::string& attr) {
  std::vector<std::string> out;
  std::regex re(attr + "=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator();
       ++it)
    out.push_back((*it)[1]);
  return out;
}

// The <g class="seg"> elements, one string each.
std::vector<std::string> arrows(const std::string& svg) {
  std::vector<std::string> out;
  std::regex re("<g class=\"seg\"[^]*?</g>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator();
       ++it)
    out.push_back(it->str());
  return out;
}

// x1 and x2 of an arrow's line.
std::pair<double, double> lineX(const std::string& arrow) {
  return {std::stod(attributes(arrow, "x1").at(0)), std::stod(attributes(arrow, "x2").at(0))};
}

TEST(LadderDiagram, RealRstBeforeAcceptDrawsSynSynAckAckRstLeftToRight) {
  UniqueFd netns = tcpfault::reporttest::makeThreadNetns();
  if (!netns) GTEST_SKIP() << "needs CAP_SYS_ADMIN for unshare(CLONE_NEWNET): run as root";
  RunRecord run;
  {
    Capture capture(netns.get(), "any", "", tcpfault::reporttest::kRstHosts,
                    std::chrono::steady_clock::now());
    tcpfault::reporttest::runInNetns(netns.get(), tcpfault::reporttest::rstBeforeAccept);
    capture.waitFor([](const auto& s) { return s.size() >= 4; }, std::chrono::seconds(5));
    capture.stop();
    run.segments = capture.segments();
  }
  std::string svg = ladderSvg(run);
  EXPECT_THAT(attributes(svg, "data-flags"), ElementsAre("S", "SA", "A", "RA"));
  auto a = arrows(svg);
  ASSERT_EQ(a.size(), 4u);
  EXPECT_THAT(a[0], HasSubstr(">SYN</text>"));
  EXPECT_THAT(a[1], HasSubstr(">SYN-ACK</text>"));
  EXPECT_THAT(a[3], HasSubstr(">RST</text>"));
  auto [synFrom, synTo] = lineX(a[0]);
  auto [ackFrom, ackTo] = lineX(a[1]);
  EXPECT_LT(synFrom, synTo);  // client (left) to server (right)
  EXPECT_GT(ackFrom, ackTo);  // and back
}

TEST(LadderDiagram, ArrowsSlopeDownAndFollowTime) {
  std::string svg = ladderSvg(tcpfault::reporttest::passingRun());
  double lastY = 0;
  for (const std::string& a : arrows(svg)) {
    double y1 = std::stod(attributes(a, "y1").at(0)), y2 = std::stod(attributes(a, "y2").at(0));
    EXPECT_LT(y1, y2) << a;
    EXPECT_GT(y1, lastY) << a;
    lastY = y1;
  }
  EXPECT_THAT(svg, HasSubstr(">PA 1:4(3)</text>"));
  EXPECT_THAT(svg, HasSubstr(">0.020s</text>"));
}

TEST(LadderDiagram, RouterStandsBetweenClientAndServerAndIcmpIsDashed) {
  RunRecord run = tcpfault::reporttest::unreachableRun();
  EXPECT_THAT(ladderColumns(run.segments), ElementsAre("client", "router", "server"));
  auto a = arrows(ladderSvg(run));
  ASSERT_EQ(a.size(), 2u);
  EXPECT_THAT(a[0], Not(HasSubstr("stroke-dasharray")));
  EXPECT_THAT(a[1], HasSubstr("stroke-dasharray"));
  EXPECT_THAT(a[1], HasSubstr(">ICMP host unreachable</text>"));
}

TEST(LadderDiagram, FaultBandAndFailingStepSitAtTheirTimes) {
  std::string svg = ladderSvg(tcpfault::reporttest::failingRun());
  EXPECT_THAT(svg, HasSubstr("<g class=\"fault\" data-line=\"10\">"));
  EXPECT_THAT(svg, HasSubstr("line 10: kill server child SIGKILL"));
  EXPECT_THAT(svg, HasSubstr("line 14 failed: expected signal SIGPIPE, observed 6 é→"));
  // kill at 0.5 s: after the data at 0.021 s, before the FIN at 0.6 s;
  // failure at 1.3 s: after the RST at 1.26 s, before the ACK at 9 s.
  size_t data = svg.find("data-t=\"0.021"), kill = svg.find("class=\"fault\""),
         fin = svg.find("data-t=\"0.6"), rst = svg.find("data-t=\"1.26"),
         fail = svg.find("class=\"failmark\""), late = svg.find("data-t=\"9.0");
  EXPECT_LT(data, kill);
  EXPECT_LT(kill, fin);
  EXPECT_LT(rst, fail);
  EXPECT_LT(fail, late);
}

TEST(LadderDiagram, HugeCapturesAreCutWithACount) {
  RunRecord run;
  for (int i = 0; i < 250; ++i)
    run.segments.push_back(tcpfault::reporttest::seg(i * 0.001, "client", "server", "A", 1, 1, 0));
  std::string svg = ladderSvg(run);
  EXPECT_EQ(arrows(svg).size(), 200u);
  EXPECT_THAT(svg, HasSubstr("\u2026 50 more segments"));
}

TEST(LadderDiagram, NothingToDrawIsEmpty) { EXPECT_EQ(ladderSvg(RunRecord{}), ""); }

TEST(LadderDiagram, HostNamesAreEscaped) {
  RunRecord run;
  run.segments.push_back(tcpfault::reporttest::seg(0, "client", "server", "S", 1, 0, 0));
  run.segments[0].dst = "<srv&>";
  std::string svg = ladderSvg(run);
  EXPECT_THAT(svg, HasSubstr("data-dst=\"&lt;srv&amp;&gt;\""));
  EXPECT_THAT(svg, Not(HasSubstr("<srv&>")));
}

TEST(LadderDiagram, SvgIsWellFormedXml) {
  tcpfault::testsupport::TempDir dir;
  std::string path = (dir.path() / "ladder.svg").string();
  FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::string svg = ladderSvg(tcpfault::reporttest::failingRun());
  std::fwrite(svg.data(), 1, svg.size(), f);
  std::fclose(f);
  auto py = tcpfault::reporttest::runPython(
      "import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); "
      "print(r.tag, len(r.findall(\"g\")))",
      path);
  if (!py.ran) GTEST_SKIP() << "python3 not installed";
  EXPECT_EQ(py.out, "svg 11\n");  // 9 segments, a fault, the failing mark
}

}  // namespace
}  // namespace tcpfault::report
