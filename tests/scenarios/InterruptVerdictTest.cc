// `interrupt`: death of the agent by the signal sent passes (the signal was not caught, by
// design); death by another signal, or an exit, fails and says what it was.
#include <gtest/gtest.h>
#include <signal.h>

#include "scenarios/runner/exec/InterruptVerdict.h"

namespace tcpfault::scenario {
namespace {

const std::string kExpected = "SIGUSR1 to a asleep in the kernel";

AgentResult died(int waitStatus) {
  AgentResult r;
  r.outcome = AgentResult::Outcome::Died;
  r.status.raw = waitStatus;  // as from waitpid: the signal in the low bits, an exit code << 8
  return r;
}

TEST(InterruptVerdict, DeathByTheSignalSentPasses) {
  auto v = interruptVerdict(kExpected, SIGUSR1, died(SIGUSR1));
  EXPECT_TRUE(v.ok) << v.observed;
  EXPECT_EQ(v.observed, "the agent killed by SIGUSR1");
}

TEST(InterruptVerdict, DeathByAnotherSignalFailsNamingIt) {
  auto v = interruptVerdict(kExpected, SIGUSR1, died(SIGSEGV));
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.expected, kExpected);
  EXPECT_EQ(v.observed, "the agent killed by SIGSEGV (not by the SIGUSR1 sent)");
}

TEST(InterruptVerdict, AnExitFailsNamingIt) {
  auto v = interruptVerdict(kExpected, SIGUSR1, died(3 << 8));
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.observed, "the agent exit 3 (not by the SIGUSR1 sent)");
}

TEST(InterruptVerdict, AnUnknownEndFails) {
  AgentResult r = died(0);
  r.status = netns::ExitStatus::unknown(ECHILD);
  EXPECT_FALSE(interruptVerdict(kExpected, SIGUSR1, r).ok);
}

TEST(InterruptVerdict, AReplySaysWhetherTheSignalMetTheCall) {
  AgentResult r;
  r.outcome = AgentResult::Outcome::Reply;
  r.reply.ret = 0;
  r.reply.data = "delivered";
  EXPECT_TRUE(interruptVerdict(kExpected, SIGUSR1, r).ok);
  r.reply.ret = -1;
  r.reply.data = "a has returned";
  auto v = interruptVerdict(kExpected, SIGUSR1, r);
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.observed, "a has returned");
  EXPECT_FALSE(interruptVerdict(kExpected, SIGUSR1, AgentResult{}).ok);  // no answer
}

}  // namespace
}  // namespace tcpfault::scenario
