#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "SampleRuns.h"
#include "reports/TerminalReporter.h"

namespace tcpfault::report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string render(bool tty, bool color) {
  std::ostringstream out;
  ReportOptions o;
  o.out = &out;
  o.tty = tty;
  o.color = color;
  TerminalReporter t(o);
  auto runs = tcpfault::reporttest::sampleRuns();
  t.started(runs.size());
  for (const RunRecord& r : runs) t.runFinished(r);
  t.finish(runs, 3.5);
  return out.str();
}

TEST(TerminalReporter, PlainLinePerRunAndSummaryAloneOnALine) {
  std::string text = render(false, false);
  EXPECT_THAT(text, HasSubstr("PASS  250ms echo-roundtrip [fork-echo]\n"));
  EXPECT_THAT(text, HasSubstr("FAIL  1.5s  write-after-rst-sigpipe [fork-echo]\n"));
  EXPECT_THAT(text, HasSubstr("SKIP  0ms   ipv6-only  (no IPv6 in this kernel)\n"));
  EXPECT_THAT(text, HasSubstr("ERROR  100ms crash-server [epoll-et]\n"));
  EXPECT_THAT(text, HasSubstr("\n1 passed, 2 failed, 1 skipped\n"));
  EXPECT_THAT(text, HasSubstr("4 runs in 3.5s (wall)"));
  EXPECT_THAT(text, Not(HasSubstr("\033[")));
  EXPECT_THAT(text, Not(HasSubstr("\r")));
}

TEST(TerminalReporter, GroupTableCountsEachStatus) {
  std::string text = render(false, false);
  EXPECT_THAT(text, HasSubstr("group   pass  fail  skip error\n"
                              "unp        1     1     0     0\n"
                              "edge       0     0     1     1\n"));
}

TEST(TerminalReporter, FailureShowsLocationExpectedObservedAndNearbyWire) {
  std::string text = render(false, false);
  EXPECT_THAT(text, HasSubstr("at scenarios/write-after-rst-sigpipe.scn:14: client write c"));
  EXPECT_THAT(text, HasSubstr("expected: signal SIGPIPE\n"));
  EXPECT_THAT(text, HasSubstr("observed: 6 é→\n"));
  EXPECT_THAT(text, HasSubstr("1.250s  client > server  PA 4:10(6)\n"));
  EXPECT_THAT(text, HasSubstr("1.260s  server > client  RST\n"));
  EXPECT_THAT(text, HasSubstr("0.600s  server > client  FIN 4\n"));  // within 1 s before
  EXPECT_THAT(text, Not(HasSubstr("9.000s")));                       // far after: left out
  EXPECT_THAT(text, HasSubstr("pcap: pcap/write-after-rst-sigpipe_fork-echo_.pcap\n"));
}

TEST(TerminalReporter, ControlCharactersInTextCannotDriveTheTerminal) {
  std::string text = render(false, false);
  EXPECT_THAT(text, HasSubstr("got 6 <\"&'\\x01\xEF\xBF\xBD> (write-after-rst-sigpipe.scn:14)"));
  EXPECT_THAT(text, Not(HasSubstr("\x01")));
  EXPECT_THAT(text, HasSubstr("(1 harness error counted as failed)\n"));
}

// C1 controls (U+0080..U+009F: CSI U+009B starts a sequence on many terminals) pass as
// valid UTF-8 unless the one sanitiser (TerminalSafe.h) stops them too.
TEST(TerminalReporter, C1ControlsInTextCannotDriveTheTerminal) {
  std::ostringstream out;
  ReportOptions o;
  o.out = &out;
  TerminalReporter t(o);
  RunRecord run = tcpfault::reporttest::sampleRuns().at(1);
  run.message = "boom \xc2\x9b" "2J \xc2\x9d" "52;c;aGk=\xc2\x9c";
  run.group = "g\xc2\x9b";
  t.runFinished(run);
  t.finish({run}, 1);
  EXPECT_THAT(out.str(), Not(HasSubstr("\xc2\x9b")));
  EXPECT_THAT(out.str(), Not(HasSubstr("\xc2\x9d")));
  EXPECT_THAT(out.str(), HasSubstr("boom \\u009b2J \\u009d52;c;aGk=\\u009c"));
}

TEST(TerminalReporter, ColourOnlyWhenAsked) {
  std::string text = render(true, true);
  EXPECT_THAT(text, HasSubstr("\033[32mPASS\033[0m"));
  EXPECT_THAT(text, HasSubstr("\033[31mFAIL\033[0m"));
  EXPECT_THAT(text, HasSubstr("\n1 passed, 2 failed, 1 skipped\n"));  // never coloured
  EXPECT_THAT(render(true, false), Not(HasSubstr("\033[3")));
}

TEST(TerminalReporter, TtyShowsProgressAndEraseItBeforeTheNextLine) {
  std::string text = render(true, false);
  EXPECT_THAT(text, HasSubstr("[1/4] 0 failed  ETA "));
  EXPECT_THAT(text, HasSubstr("\r\033[KFAIL  1.5s"));
  EXPECT_THAT(text, Not(HasSubstr("[4/4]")));  // nothing left to wait for
}

TEST(TerminalReporter, NoColorDisablesColourEvenOnATty) {
  EXPECT_TRUE(wantColor(true, nullptr));
  EXPECT_TRUE(wantColor(true, ""));  // NO_COLOR counts only when non-empty (no-color.org)
  EXPECT_FALSE(wantColor(true, "1"));
  EXPECT_FALSE(wantColor(false, nullptr));
}

}  // namespace
}  // namespace tcpfault::report
