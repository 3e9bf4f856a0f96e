// Turning a run's outcome into verdicts on server properties (lang/Properties.h): the
// story's own property (`checks`), decided by its failing step or its passing; a
// warn-level property that did not hold makes the run a warning (Status::Warn), which
// never fails the suite.
#pragma once

#include <string_view>

#include "reports/record/RunRecord.h"
#include "scenarios/runner/lang/Scenario.h"

namespace tcpfault::scenario {

// A verdict on property `name` with its meaning, fix hint and rank from the table.
report::PropertyVerdict propertyVerdict(std::string_view name, std::string verdict);

// Adds the verdict on sc.checks (nothing when the story declares none) to a run
// against a server under test -- on sc.setupChecks instead when the run failed before
// any fault step ran.
void judgeStoryProperty(const Scenario& sc, report::RunRecord& rec);

}  // namespace tcpfault::scenario
