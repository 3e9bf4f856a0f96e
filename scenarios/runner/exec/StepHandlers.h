// The executor's handlers, bound to the grammar's rows (runner/lang/VerbTable.h) by verb:
// every agent verb runs through agentStep (the agent holds its per-verb half), every
// expect check and directive has a row in its context's table. A test checks that each
// grammar row finds a handler and each table row a grammar row.
#pragma once

#include <span>
#include <string_view>

#include "scenarios/runner/exec/RunContext.h"
#include "scenarios/runner/lang/Scenario.h"

namespace tcpfault::scenario {

using StepHandler = StepOutcome (*)(RunContext&, const Step&);
struct HandlerRow {
  std::string_view verb;
  StepHandler fn;
};

std::span<const HandlerRow> expectHandlers();     // ExpectSteps.cc
std::span<const HandlerRow> directiveHandlers();  // Directives.cc
StepOutcome agentStep(RunContext& ctx, const Step& step);  // AgentSteps.cc
StepOutcome awaitStep(RunContext& ctx, const Step& step);  // AgentSteps.cc
StepOutcome expectWire(RunContext& ctx, const Step& step);  // ExpectWire.cc

// The handler of a step whose verb has a grammar row; nullptr otherwise.
StepHandler findHandler(const Step& step);

}  // namespace tcpfault::scenario
