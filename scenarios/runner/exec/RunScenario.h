// Runs one scenario against one server in fresh hosts and records what happened.
#pragma once

#include <string>

#include "reports/record/RunRecord.h"
#include "scenarios/runner/exec/RunOptions.h"
#include "scenarios/runner/exec/ServerProfile.h"
#include "scenarios/runner/lang/Scenario.h"

namespace tcpfault::scenario {

// profile: what `$server` is (null when the scenario starts its own programs); run.server
// names it. Never throws: harness failures become Status::Error.
report::RunRecord runScenario(const Scenario& sc, const report::RunIdentity& run,
                              const RunOptions& opts, const ServerProfile* profile);

}  // namespace tcpfault::scenario
