// Runs planned jobs side by side (-j): each run has its own hosts, so runs never share
// anything but the terminal. Results come back in plan order.
#pragma once

#include <functional>
#include <vector>

#include "reports/record/RunRecord.h"
#include "scenarios/runner/exec/Catalogue.h"
#include "scenarios/runner/exec/RunOptions.h"
#include "scenarios/runner/exec/RunSeconds.h"

namespace tcpfault::scenario {

using OnFinished = std::function<void(const report::RunRecord&)>;

// The lanes --all uses by default. A run mostly waits on kernel timers (retransmission,
// keepalive, `wait`), not on a core: measured on 2 cores, the catalogue's 92 runs spent
// 301 run-seconds on 17 CPU-seconds -- about a twentieth of a core per run in flight -- so
// the lanes, not the cores, bound the suite. Fixed at 4 per core, a loaded machine made
// timing bounds fail while an idle one had cores to spare; now the lanes are many and a
// run starts only while the runnable tasks fit on the cores (CpuGate): the machine's
// load, not a factor, decides how many run side by side.
// Up to kFixedLanesPerCore per core start without asking (what a fixed pool ran safely).
constexpr int kLanesPerCore = 16, kMaxDefaultLanes = 32, kFixedLanesPerCore = 4;
int defaultLanes(long cores);

// The seconds a run must wait at least: its `wait` directives and `after` bounds -- the
// timers the kernel makes it sit out, whatever the machine's speed.
double timerBoundSeconds(const Scenario& sc);

// Indices into jobs, longest run first (stable): the long runs start at once and the short
// ones fill the lanes around them, so the suite ends close to its longest run. A run's
// length is what it took last time (`last`, from run-seconds.tsv), else its timer bound.
std::vector<size_t> dispatchOrder(const std::vector<Job>& jobs, const RunSeconds& last = {});

// Each worker thread owns the hosts it creates (their keepers die with the thread). Jobs
// start in dispatchOrder(jobs, opts.lastSeconds), `solo` scenarios first and alone; results come back in plan order.
// Once opts.cancelFd is readable, the remaining jobs are recorded as skipped.
std::vector<report::RunRecord> runJobs(const std::vector<Job>& jobs, const RunOptions& opts,
                                       int parallel, const OnFinished& onFinished);

}  // namespace tcpfault::scenario
