// RunSeconds: how long each run took last time, kept in the report dir as run-seconds.tsv,
// so that the next suite starts its longest runs first -- as ctest orders tests by its
// cost data. Without it (a fresh report dir) the job pool orders by the timers a scenario
// declares (timerBoundSeconds), which misses the runs that wait on the kernel inside a
// `within` bound.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "reports/record/ReportDir.h"
#include "reports/record/RunRecord.h"

namespace tcpfault::scenario {

using RunSeconds = std::map<std::string, double, std::less<>>;  // run id -> seconds

inline constexpr std::string_view kRunSecondsFile = "run-seconds.tsv";

// "SECONDS<TAB>RUN ID" lines. Lines that do not parse are ignored: the file only orders
// runs, so a damaged one costs speed, never a result.
RunSeconds parseRunSeconds(std::string_view text);
std::string formatRunSeconds(const RunSeconds& seconds);

// The file in the report dir, read without following a symlink or blocking on a FIFO
// (ReportDir::readFile); empty when absent, unreadable or not a regular file.
RunSeconds readRunSeconds(const report::ReportDir& dir);

// A run's key: its id without the --repeat number, so repetitions share one entry.
std::string runSecondsKey(report::RunIdentity run);

// Adds the runs that ran to completion (passed or failed); skipped and harness-error runs
// say nothing about a run's length and keep their old entry.
void mergeRunSeconds(RunSeconds& into, const std::vector<report::RunRecord>& runs);

}  // namespace tcpfault::scenario
