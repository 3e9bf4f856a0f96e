// TAP version 13 (testanything.org): one "ok"/"not ok" line per run, a YAML block for
// failures, "# SKIP reason" for skipped runs, totals as comments. Written to DIR/results.tap.
#pragma once

#include <string>

#include "reports/Reporter.h"

namespace tcpfault::report {

// The whole TAP document for these runs.
std::string tapDocument(const std::vector<RunRecord>& runs, double wallSeconds);

}  // namespace tcpfault::report
