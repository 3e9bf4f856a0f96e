// Arguments travel to the agent by the pattern slot they filled, encoded by kind: the
// encoder names no verb, so a new verb's arguments need no change here.
#include <gtest/gtest.h>

#include "scenarios/runner/exec/CallArgs.h"
#include "scenarios/runner/lang/Scenario.h"

namespace tcpfault::scenario {
namespace {

const char* kHeader = "hosts client server\nstart server /bin/true\n";

// The agent step on the scenario's last line, parsed by the real parser.
Step lastStep(const std::string& lines) {
  Scenario sc = parseScenario(std::string(kHeader) + lines, "call-args.scn");
  return sc.steps.back();
}

std::string fakeResolve(const Arg& dest) { return "resolved(" + dest.text + ")"; }

TEST(CallArgs, ConnectResolvesDestAndSendsTimeoutInMilliseconds) {
  AgentArgs a = encodeCallArgs(lastStep("client c = connect server:9877 nonblock timeout 2s\n"), fakeResolve);
  EXPECT_EQ(a.text("dest"), "resolved(server:9877)");
  EXPECT_TRUE(a.flag("nonblock"));
  EXPECT_EQ(a.number("timeout", -1), 2000);
  EXPECT_FALSE(a.flag("timeout"));
}

TEST(CallArgs, DataIsBytesOrAPatternCount) {
  std::string setup = "client c = connect server:9877\n";
  AgentArgs text = encodeCallArgs(lastStep(setup + "client write c \"hi\\n\" nosignal\n"), fakeResolve);
  EXPECT_EQ(text.text("var"), "c");
  EXPECT_EQ(text.text("data"), "hi\n");
  EXPECT_FALSE(text.has("pattern"));
  EXPECT_TRUE(text.flag("nosignal"));
  AgentArgs count = encodeCallArgs(lastStep(setup + "client write c 64K\n"), fakeResolve);
  EXPECT_EQ(count.number("pattern", -1), 65536);
}

TEST(CallArgs, SignalsTravelAsNumbersAndAlternativesAsFlags) {
  AgentArgs sig = encodeCallArgs(lastStep("client signal SIGPIPE catch\n"), fakeResolve);
  EXPECT_EQ(sig.number("signame", 0), 13);
  EXPECT_TRUE(sig.flag("catch"));
  AgentArgs listen = encodeCallArgs(lastStep("server l = listen 9000 reuseaddr backlog 5\n"), fakeResolve);
  EXPECT_EQ(listen.number("port", 0), 9000);
  EXPECT_EQ(listen.number("backlog", 0), 5);
  EXPECT_TRUE(listen.flag("reuseaddr"));
}

// A verb no table knows: its arguments still travel, by slot.
TEST(CallArgs, AnUnknownVerbTravelsBySlot) {
  Step s;
  s.verb = "teleport";
  s.args = {Arg{Arg::Kind::Word, "server:1", 0, 0, {}, "DEST"},
            Arg{Arg::Kind::Size, "4K", 4096, 0, {}, "N"},
            Arg{Arg::Kind::Word, "within", 0, 0, {}, ""},
            Arg{Arg::Kind::Duration, "1s", 0, 1.0, {}, "within"}};
  AgentArgs a = encodeCallArgs(s, fakeResolve);
  EXPECT_EQ(a.text("dest"), "resolved(server:1)");
  EXPECT_EQ(a.number("n", 0), 4096);
  EXPECT_EQ(a.number("within", 0), 1000);
  EXPECT_EQ(a.tokens().size(), 3u);
}

TEST(AgentArgs, TokensRoundTrip) {
  AgentArgs a;
  a.set("data", "a=b c");
  a.set("empty", "");
  a.setFlag("nonblock");
  AgentArgs back;
  for (const auto& t : a.tokens()) back.addToken(t);
  EXPECT_EQ(back, a);
  EXPECT_EQ(back.text("data"), "a=b c");
  EXPECT_TRUE(back.has("empty"));
  EXPECT_FALSE(back.flag("empty"));
  EXPECT_EQ(back.number("data", -7), -7);
}

}  // namespace
}  // namespace tcpfault::scenario
