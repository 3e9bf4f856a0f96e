// The grammar's verb table and the executor's handler tables must agree: a verb the
// parser accepts but nobody executes would fail only at run time.
#include <gtest/gtest.h>

#include "scenarios/Grammar.h"
#include "scenarios/StepHandlers.h"

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

TEST(HandlerTable, EveryGrammarVerbHasAHandler) {
  for (const VerbSpec& v : verbs()) {
    Step s;
    s.kind = kindOf(v.context);
    s.verb = std::string(v.verb);
    EXPECT_NE(findHandler(s), nullptr) << "no handler for " << v.usage;
  }
}

TEST(HandlerTable, UnknownVerbHasNone) {
  Step s;
  s.kind = Step::Kind::Agent;
  s.verb = "teleport";
  EXPECT_EQ(findHandler(s), nullptr);
}

}  // namespace
}  // namespace tcpfault::scenario
