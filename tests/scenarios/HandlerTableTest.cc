// A verb is one row: the grammar's table (runner/lang/Grammar.cc) and the handlers bound to
// it by verb must agree, in both directions, so a verb the parser accepts always runs and
// a handler never waits for a verb nobody can write.
#include <gtest/gtest.h>

#include "scenarios/runner/agent/Agent.h"
#include "scenarios/runner/exec/StepHandlers.h"
#include "scenarios/runner/lang/Grammar.h"

namespace tcpfault::scenario {
namespace {

Step::Kind kindOf(Context c) {
  switch (c) {
    case Context::Agent: return Step::Kind::Agent;
    case Context::Expect: return Step::Kind::Expect;
    case Context::Await: return Step::Kind::Await;
    default: return Step::Kind::Directive;
  }
}

Step stepFor(const VerbSpec& v) {
  Step s;
  s.kind = kindOf(v.context);
  s.verb = std::string(v.verb);
  return s;
}

TEST(HandlerTable, EveryGrammarRowHasAHandler) {
  for (const VerbSpec& v : verbs()) {
    EXPECT_NE(findHandler(stepFor(v)), nullptr) << "no handler for " << v.usage;
    EXPECT_EQ(contextOf(kindOf(v.context)), v.context);
  }
}

// An agent verb needs nothing in the executor: every one runs through agentStep, and the
// agent holds its half. So a new agent verb is its grammar row and its agent handler.
TEST(HandlerTable, EveryAgentVerbRunsThroughTheAgent) {
  for (const VerbSpec& v : verbs()) {
    if (v.context != Context::Agent) continue;
    EXPECT_EQ(findHandler(stepFor(v)), &agentStep) << v.verb;
    EXPECT_TRUE(agentHandles(v.verb)) << "the agent has no handler for " << v.verb;
  }
}

TEST(HandlerTable, EveryHandlerRowHasAGrammarRow) {
  for (const HandlerRow& h : expectHandlers())
    EXPECT_NE(findVerb(Context::Expect, h.verb), nullptr) << "expect handler without a row: " << h.verb;
  for (const HandlerRow& h : directiveHandlers())
    EXPECT_NE(findVerb(Context::Directive, h.verb), nullptr) << "directive handler without a row: " << h.verb;
}

TEST(HandlerTable, UnknownVerbHasNone) {
  Step s;
  s.kind = Step::Kind::Agent;
  s.verb = "teleport";
  EXPECT_EQ(findHandler(s), nullptr);
  EXPECT_FALSE(agentHandles("teleport"));
  s.kind = Step::Kind::Directive;
  EXPECT_EQ(findHandler(s), nullptr);
}

// Facts about a verb live in its row, not in checks keyed by its name elsewhere.
TEST(HandlerTable, TraitsLiveInTheRow) {
  EXPECT_TRUE(findVerb(Context::Directive, "kill")->needsServer());
  EXPECT_TRUE(findVerb(Context::Directive, "stop")->needsServer());
  EXPECT_TRUE(findVerb(Context::Expect, "alive")->needsServer());
  EXPECT_FALSE(findVerb(Context::Expect, "wire")->needsServer());
  EXPECT_TRUE(findVerb(Context::Directive, "crash")->fault());
  EXPECT_FALSE(findVerb(Context::Directive, "wait")->fault());
  EXPECT_TRUE(findVerb(Context::Directive, "start")->startsServer());
  EXPECT_TRUE(findVerb(Context::Agent, "accept")->assignsSocket());
  EXPECT_FALSE(findVerb(Context::Agent, "write")->assignsSocket());
  for (auto verb : {"drop", "loss", "delay", "reorder", "duplicate", "corrupt", "rate", "mtu", "inject"}) {
    EXPECT_TRUE(findVerb(Context::Directive, verb)->wire()) << verb;
    EXPECT_TRUE(findVerb(Context::Directive, verb)->fault()) << verb;
  }
  EXPECT_TRUE(findVerb(Context::Directive, "inject")->traits & kTracks);
  EXPECT_TRUE(findVerb(Context::Directive, "mark")->traits & kMarks);
  EXPECT_TRUE(findVerb(Context::Expect, "mib")->traits & kBaseline);
  EXPECT_EQ(findWireCheck("injected"), findVerb(Context::Expect, "dropped"));
  EXPECT_EQ(findWireCheck("client"), nullptr);
}

}  // namespace
}  // namespace tcpfault::scenario
