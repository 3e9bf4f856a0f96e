#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "SampleRuns.h"
#include "reports/HtmlReporter.h"

namespace tcpfault::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class HtmlReport : public ::testing::Test {
 protected:
  std::string html = htmlDocument(tcpfault::reporttest::sampleRuns(), 3.5);
};

TEST_F(HtmlReport, StandsAloneWithoutScriptsOrExternalReferences) {
  EXPECT_THAT(html, HasSubstr("<style>"));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("http://")));
  EXPECT_THAT(html, Not(HasSubstr("https://")));
  EXPECT_THAT(html, Not(HasSubstr("<link")));
}

TEST_F(HtmlReport, SummaryTableLinksEveryRunAndItsPcap) {
  EXPECT_THAT(html, HasSubstr("1 passed, 2 failed, 1 skipped"));
  EXPECT_THAT(html, HasSubstr("<a href=\"#run-2\">write-after-rst-sigpipe [fork-echo]</a>"));
  EXPECT_THAT(html, HasSubstr("<a href=\"pcap/write-after-rst-sigpipe_fork-echo_.pcap\">pcap</a>"));
  for (const char* id : {"run-1", "run-2", "run-3", "run-4"})
    EXPECT_THAT(html, HasSubstr(std::string("<section class=\"run\" id=\"") + id + "\">"));
}

TEST_F(HtmlReport, FailingStepIsHighlightedWithExpectedAndObserved) {
  EXPECT_THAT(html, HasSubstr("<tr class=\"failed\"><td class=\"num\">14</td>"));
  EXPECT_THAT(html, HasSubstr("<td><code>signal SIGPIPE</code></td><td><code>6 é→</code></td>"));
  EXPECT_THAT(html, HasSubstr("<tr class=\"fault\"><td class=\"num\">10</td>"));
}

TEST_F(HtmlReport, FailedRunsAreOpenAndTextIsEscaped) {
  EXPECT_THAT(html, HasSubstr("id=\"run-2\"><details open>"));
  EXPECT_THAT(html, HasSubstr("id=\"run-1\"><details>"));
  EXPECT_THAT(html, HasSubstr("got 6 &lt;&quot;&amp;&#39;\xEF\xBF\xBD&gt;"));
}

TEST_F(HtmlReport, EachRunWithSegmentsHasALadder) {
  size_t ladders = 0;
  for (size_t at = 0; (at = html.find("<svg class=\"ladder\"", at)) != std::string::npos; ++at)
    ++ladders;
  EXPECT_EQ(ladders, 2u);  // the passing and the failing run carry segments
}

}  // namespace
}  // namespace tcpfault::report
