#include "scenarios/runner/exec/ExecCheck.h"

#include <fmt/format.h>

#include "scenarios/runner/exec/ServerLauncher.h"
#include "scenarios/runner/lang/Grammar.h"

namespace tcpfault::scenario {

bool startableWithoutAllowExec(const std::string& program) {
  return program == "$server" || isReferenceServer(program);
}

std::vector<std::string> checkStartPrograms(const std::vector<Scenario>& scenarios,
                                            bool allowExec) {
  std::vector<std::string> errors;
  if (allowExec) return errors;
  for (const auto& sc : scenarios)
    for (const auto& step : sc.steps) {
      if (!(traitsOf(step) & kStartsServer) || step.args.empty()) continue;
      const Arg& program = step.args[0];
      if (startableWithoutAllowExec(program.text)) continue;
      std::string why = fmt::format(
          "'{}' is neither $server nor a reference server: a scenario file starts another "
          "program only with --allow-exec on the command line (it runs with the runner's "
          "privilege)",
          program.text);
      errors.emplace_back(ParseError(sc.file, program.pos, why, step.source).what());
    }
  return errors;
}

}  // namespace tcpfault::scenario
