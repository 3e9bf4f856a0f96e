#include "scenarios/runner/exec/StepHandlers.h"

#include "scenarios/runner/lang/Grammar.h"

namespace tcpfault::scenario {

StepHandler findHandler(const Step& step) {
  const VerbSpec* spec = findVerb(step);
  if (!spec) return nullptr;
  std::span<const HandlerRow> table;
  switch (spec->context) {
    case Context::Agent: return agentStep;
    case Context::Await: return awaitStep;
    case Context::Expect: table = expectHandlers(); break;
    case Context::Directive: table = directiveHandlers(); break;
  }
  for (const auto& row : table)
    if (row.verb == step.verb) return row.fn;
  return nullptr;
}

}  // namespace tcpfault::scenario
