// `kernel OP VERSION` lines and `when kernel OP VERSION STEP` guards: what they parse to,
// what they mean on a given kernel, and the file:line:col errors of bad ones.
#include <gtest/gtest.h>

#include <string>

#include "scenarios/runner/lang/KernelVersion.h"
#include "scenarios/runner/lang/Scenario.h"

namespace tcpfault::scenario {
namespace {

KernelVersion release(std::string_view text) { return parseKernelRelease(text).value(); }

std::string errorOf(const std::string& text) {
  try {
    parseScenario(text, "k.scn");
  } catch (const ParseError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(KernelVersion, ReleasesAndWrittenVersions) {
  KernelVersion debian = release("6.1.0-50-amd64");
  EXPECT_EQ(debian.major, 6);
  EXPECT_EQ(debian.minor, 1);
  EXPECT_EQ(debian.patch, 0);
  EXPECT_EQ(debian.release, "6.1.0-50-amd64");
  EXPECT_EQ(release("6.18+deb14-amd64").minor, 18);
  EXPECT_EQ(release("6.12.118").patch, 118);
  EXPECT_FALSE(parseKernelRelease("linux"));
  EXPECT_TRUE(parseKernelVersion("6.13"));
  EXPECT_TRUE(parseKernelVersion("6.1.176"));
  for (const char* bad : {"6", "6.", "6.x", "6.13-rc1", "6.1.2.3", ".1", "6..1", "1234567.1"})
    EXPECT_FALSE(parseKernelVersion(bad)) << bad;
  EXPECT_LT(release("6.1.176"), release("6.12.0"));  // numbers, not text: 1 < 12
  EXPECT_LT(release("6.12.118"), release("6.13"));
}

TEST(KernelCondition, EachOperatorAtItsEdge) {
  Scenario s = parseScenario("kernel >= 6.13\nkernel < 7.0\nhosts a\nwait 1s\n", "k.scn");
  ASSERT_EQ(s.kernels.size(), 2u);
  EXPECT_EQ(s.kernels[0].text(), "kernel >= 6.13");
  EXPECT_EQ(s.kernels[0].line, 1);
  EXPECT_EQ(s.kernels[1].text(), "kernel < 7.0");
  auto holds = [](const char* cond, const char* kernel) {
    Scenario one = parseScenario(std::string("kernel ") + cond + "\nhosts a\nwait 1s\n", "k.scn");
    return one.kernels.at(0).holds(release(kernel));
  };
  EXPECT_TRUE(holds(">= 6.13", "6.13.0"));
  EXPECT_FALSE(holds(">= 6.13", "6.12.118"));
  EXPECT_FALSE(holds("> 6.13", "6.13.0"));
  EXPECT_TRUE(holds("> 6.13", "6.13.1"));
  EXPECT_TRUE(holds("< 6.13", "6.12.99"));
  EXPECT_FALSE(holds("< 6.13", "6.13.0"));
  EXPECT_TRUE(holds("<= 6.1.176", "6.1.176"));
  EXPECT_FALSE(holds("<= 6.1.176", "6.1.177"));
}

TEST(KernelCondition, SkipReasonNamesEveryLineAndThisKernel) {
  Scenario s = parseScenario("kernel >= 6.13\nkernel < 7.0\nhosts a\nwait 1s\n", "k.scn");
  EXPECT_FALSE(kernelSkipReason(s.kernels, release("6.18.0")));
  EXPECT_EQ(kernelSkipReason(s.kernels, release("6.1.0-50-amd64")).value_or(""),
            "holds on kernel >= 6.13 and kernel < 7.0; this kernel is 6.1.0-50-amd64");
  EXPECT_TRUE(kernelSkipReason(s.kernels, release("7.0.0")));  // lines AND together
  EXPECT_FALSE(kernelSkipReason({}, release("2.6.32")));
}

TEST(KernelCondition, WhenGuardsOneStep) {
  Scenario s = parseScenario(
      "hosts client server\n"
      "client c = connect server:9877\n"
      "when kernel >= 6.13  expect client state c ESTABLISHED\n"
      "when kernel < 6.13   sysctl client net.ipv4.tcp_retries2=3\n"
      "when kernel >= 6.13  client close c => 0\n"
      "expect client state c CLOSE\n",
      "k.scn");
  ASSERT_EQ(s.steps.size(), 5u);
  EXPECT_FALSE(s.steps[0].when);
  ASSERT_TRUE(s.steps[1].when);
  EXPECT_EQ(s.steps[1].kind, Step::Kind::Expect);
  EXPECT_EQ(s.steps[1].verb, "state");
  EXPECT_EQ(s.steps[1].pos.col, 22);  // the step's own first word
  EXPECT_EQ(s.steps[1].source, "when kernel >= 6.13  expect client state c ESTABLISHED");
  EXPECT_EQ(s.steps[2].when->text(), "kernel < 6.13");
  EXPECT_EQ(s.steps[2].verb, "sysctl");
  EXPECT_EQ(s.steps[3].kind, Step::Kind::Agent);
  EXPECT_FALSE(s.steps[4].when);
}

TEST(KernelCondition, GuardedAwaitsOfOneCallCoverEveryKernel) {
  const std::string head = "hosts client server\nclient c = connect server:9877\nclient r = read c &\n";
  Scenario s = parseScenario(head +
                                 "when kernel >= 6.13 await r => -1 ETIMEDOUT within 5s\n"
                                 "when kernel < 6.13  await r => -1 ETIMEDOUT within 9s\n",
                             "k.scn");
  EXPECT_EQ(s.steps.size(), 4u);
  EXPECT_EQ(s.steps[3].var, "r");
  EXPECT_EQ(errorOf(head + "when kernel >= 6.13 await r => -1 ETIMEDOUT within 5s\nwait 1s\n"),
            "k.scn:4:21: error: the guarded awaits of 'r' (kernel >= 6.13) leave some kernels without an await: "
            "give one per side, e.g. 'when kernel >= 6.13 await r ...' and 'when kernel < 6.13 await r ...'\n"
            "  when kernel >= 6.13 await r => -1 ETIMEDOUT within 5s\n"
            "                      ^\n");
  EXPECT_NE(errorOf(head + "when kernel >= 6.13 await r => 0\nwhen kernel < 6.12 await r => 0\n"), "(no error)")
      << "6.12.x would await nothing";
  EXPECT_NE(errorOf(head + "when kernel >= 6.13 await r => 0\nawait r => 0\n"), "(no error)");
}

TEST(KernelCondition, Errors) {
  EXPECT_EQ(errorOf("kernel => 6.13\nhosts a\nwait 1s\n"),
            "k.scn:1:8: error: '=>' is not a comparison (one of >= > <= <)\n"
            "  kernel => 6.13\n"
            "         ^\n"
            "  expected: kernel >=|>|<=|< VERSION (e.g. kernel >= 6.13, kernel < 6.1.90)\n");
  EXPECT_EQ(errorOf("hosts a\nkernel >= 6.13-rc1\nwait 1s\n"),
            "k.scn:2:11: error: '6.13-rc1' is not a kernel version (MAJOR.MINOR or MAJOR.MINOR.PATCH, e.g. 6.13)\n"
            "  kernel >= 6.13-rc1\n"
            "            ^\n"
            "  expected: kernel >=|>|<=|< VERSION (e.g. kernel >= 6.13, kernel < 6.1.90)\n");
  EXPECT_NE(errorOf("kernel >= 6\nhosts a\nwait 1s\n").find("k.scn:1:11: error: '6' is not a kernel version"),
            std::string::npos);
  EXPECT_NE(errorOf("kernel >=\nhosts a\nwait 1s\n").find("k.scn:1:11: error: missing kernel version"),
            std::string::npos);
  EXPECT_NE(errorOf("kernel\nhosts a\nwait 1s\n").find("k.scn:1:8: error: missing comparison"), std::string::npos);
  EXPECT_NE(errorOf("kernel >= 6.1 < 6.13\nhosts a\nwait 1s\n").find("k.scn:1:15: error: one condition per"),
            std::string::npos);
  EXPECT_NE(errorOf("hosts a\nwhen kernel >= 6.13\n").find("k.scn:2:21: error: 'when kernel OP VERSION' needs a step"),
            std::string::npos);
  EXPECT_NE(errorOf("hosts a\nwhen kernal >= 6.13 wait 1s\n").find("k.scn:2:6: error: expected 'kernel'"),
            std::string::npos);
  EXPECT_NE(errorOf("hosts a\nwhen kernel ~ 6.13 wait 1s\n").find("k.scn:2:13: error: '~' is not a comparison"),
            std::string::npos);
}

TEST(KernelCondition, GuardedStepsLeaveNothingBehind) {
  const std::string head = "hosts client server\n";
  EXPECT_NE(errorOf(head + "when kernel >= 6.13 client c = connect server:9877\n").find(
                "k.scn:2:21: error: a step under 'when' must leave nothing later steps rely on: no variable ('c =')"),
            std::string::npos);
  EXPECT_NE(errorOf(head + "when kernel >= 6.13 start server $server\n").find("no 'start'"), std::string::npos);
  EXPECT_NE(errorOf(head + "when kernel >= 6.13 mark m\n").find("no 'mark'"), std::string::npos);
  EXPECT_NE(errorOf(head + "when kernel >= 6.13 when kernel < 7.0 wait 1s\n").find("k.scn:2:21: error: one 'when'"),
            std::string::npos);
  EXPECT_NE(errorOf(head + "when kernel >= 6.13 timeout 5s\nwait 1s\n").find("k.scn:2:21: error: 'when' guards a step"),
            std::string::npos);
}

}  // namespace
}  // namespace tcpfault::scenario
