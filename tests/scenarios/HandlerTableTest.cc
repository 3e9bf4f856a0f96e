// A verb is one row: the grammar's table (runner/lang/VerbTable.h) and the handlers bound to
// it by verb must agree, in both directions, so a verb the parser accepts always runs and
// a handler never waits for a verb nobody can write.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

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
  EXPECT_TRUE(findVerb(Context::Directive, "wait")->sleeps());
  EXPECT_TRUE(findVerb(Context::Directive, "sysctl")->setsSysctl());
  for (auto verb : {"stop", "kill"}) EXPECT_TRUE(findVerb(Context::Directive, verb)->endsServer()) << verb;
  for (auto verb : {"exited", "killed"}) EXPECT_TRUE(findVerb(Context::Expect, verb)->endsServer()) << verb;
  EXPECT_FALSE(findVerb(Context::Expect, "alive")->endsServer());
  for (auto verb : {"crash", "reboot", "shutdown", "unreachable", "partition", "prohibit", "noroute"})
    EXPECT_TRUE(findVerb(Context::Directive, verb)->hostFault()) << verb;
  for (auto verb : {"kill", "heal", "clear", "drop"})
    EXPECT_FALSE(findVerb(Context::Directive, verb)->hostFault()) << verb;
  EXPECT_TRUE(findVerb(Context::Directive, "start")->sockDiag());
  EXPECT_TRUE(findVerb(Context::Expect, "tcp")->sockDiag());
  EXPECT_EQ(findVerb(Context::Directive, "delay")->path, WirePath::Engine);
  EXPECT_EQ(findVerb(Context::Directive, "drop")->path, WirePath::Picked);
  EXPECT_EQ(findVerb(Context::Directive, "loss")->path, WirePath::Seeded);
  EXPECT_EQ(findVerb(Context::Directive, "rate")->path, WirePath::Qdisc);
  EXPECT_EQ(findVerb(Context::Directive, "mtu")->path, WirePath::LinkMtu);
  // Every wire row says how it reaches the packets, and only wire rows do.
  for (const VerbSpec& v : verbs()) EXPECT_EQ(v.wire(), v.path != WirePath::None) << v.usage;
}

// ... and the executor asks the row: no check of a step's verb by its name outside the
// handler tables (which bind names to handlers).
TEST(HandlerTable, NoExecutorCodeBranchesOnAVerbName) {
  const std::regex byName(R"((verb|\.verb\(\))\s*[!=]=\s*")");
  std::filesystem::path dir = std::filesystem::path(TCPFAULT_SOURCE_DIR) / "scenarios/runner/exec";
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".cc" && e.path().extension() != ".h") continue;
    ++files;
    std::ifstream in(e.path());
    std::string line;
    for (int n = 1; std::getline(in, line); ++n)
      EXPECT_FALSE(std::regex_search(line, byName)) << e.path().filename().string() << ":" << n << ": " << line;
  }
  EXPECT_GT(files, 10) << "no sources under " << dir;
}

}  // namespace
}  // namespace tcpfault::scenario
