// Facts every report derives from the runs the same way: totals, the failed step.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "reports/record/RunRecord.h"

namespace tcpfault::report {

struct Totals {
  size_t passed = 0, failed = 0, skipped = 0, errors = 0, warned = 0;
  size_t runs() const { return passed + failed + skipped + errors + warned; }
  void add(Status s);
};
Totals countRuns(const std::vector<RunRecord>& runs);

// "3 passed, 1 failed, 0 skipped" (errors count as failed here; CI parsers read this line),
// then ", 2 warned" when a run only warned.
std::string totalsLine(const Totals& t);

// The step that failed: outcome "failed", else the step on failedLine; nullptr if none.
const StepRecord* failedStep(const RunRecord& run);

// Where the failure is: "x.scn:14", or the file alone when no line is known.
std::string failureLocation(const RunRecord& run);

// "1.2s", "350ms", "2m05s": a duration for people.
std::string humanSeconds(double seconds);

}  // namespace tcpfault::report
