// Runs one scenario against one server in fresh hosts and records what happened.
#pragma once

#include <string>

#include "reports/record/RunRecord.h"
#include "scenarios/runner/exec/RunOptions.h"
#include "scenarios/runner/lang/Scenario.h"

namespace tcpfault::scenario {

// run.server: a reference server name, "custom" (--server-cmd) or "" (the scenario starts
// its own programs). Never throws: harness failures become Status::Error.
report::RunRecord runScenario(const Scenario& sc, const report::RunIdentity& run,
                              const RunOptions& opts);

}  // namespace tcpfault::scenario
