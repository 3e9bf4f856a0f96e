// Runs planned jobs side by side (-j): each run has its own hosts, so runs never share
// anything but the terminal. Results come back in plan order.
#pragma once

#include <functional>
#include <vector>

#include "reports/record/RunRecord.h"
#include "scenarios/runner/exec/Catalogue.h"
#include "scenarios/runner/exec/RunOptions.h"

namespace tcpfault::scenario {

using OnFinished = std::function<void(const report::RunRecord&)>;

// Each worker thread owns the hosts it creates (their keepers die with the thread).
// Once opts.cancelFd is readable, the remaining jobs are recorded as skipped.
std::vector<report::RunRecord> runJobs(const std::vector<Job>& jobs, const RunOptions& opts,
                                       int parallel, const OnFinished& onFinished);

}  // namespace tcpfault::scenario
