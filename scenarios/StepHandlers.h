// The executor's tables: one handler per verb of each step kind (STYLE: extend by table).
#pragma once

#include <span>
#include <string_view>

#include "scenarios/RunContext.h"
#include "scenarios/Scenario.h"

namespace tcpfault::scenario {

using StepHandler = StepOutcome (*)(RunContext&, const Step&);
struct HandlerRow {
  std::string_view verb;
  StepHandler fn;
  bool fault = false;  // marked on the ladder diagram
};

std::span<const HandlerRow> agentHandlers();      // AgentSteps.cc
std::span<const HandlerRow> expectHandlers();     // ExpectSteps.cc
std::span<const HandlerRow> directiveHandlers();  // Directives.cc
StepOutcome awaitStep(RunContext& ctx, const Step& step);  // AgentSteps.cc

const HandlerRow* findHandler(const Step& step);

}  // namespace tcpfault::scenario
