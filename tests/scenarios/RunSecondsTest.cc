// run-seconds.tsv: what each run took last time, read back to start the longest first.
// Damaged lines are dropped (the file only orders runs), and only runs that ran to the
// end say how long a run is.
#include <gtest/gtest.h>

#include "scenarios/runner/exec/JobPool.h"
#include "scenarios/runner/exec/RunSeconds.h"
#include "scenarios/runner/lang/Scenario.h"

namespace tcpfault::scenario {
namespace {

TEST(RunSeconds, WhatIsWrittenReadsBack) {
  RunSeconds s{{"server-host-crash [fork-echo]", 7.9}, {"normal-startup", 0.25}};
  EXPECT_EQ(formatRunSeconds(s), "0.250\tnormal-startup\n7.900\tserver-host-crash [fork-echo]\n");
  EXPECT_EQ(parseRunSeconds(formatRunSeconds(s)), s);
}

TEST(RunSeconds, LinesThatDoNotParseAreDropped) {
  RunSeconds s = parseRunSeconds("1.5\tgood\nx\tbad number\n-1\tnegative\n2.0\n\t3\n"
                                 "nan\tnot finite\n4.25\tlast without newline");
  EXPECT_EQ(s, (RunSeconds{{"good", 1.5}, {"last without newline", 4.25}}));
}

TEST(RunSeconds, OnlyRunsThatRanToTheEndAreMerged) {
  auto run = [](const char* name, report::Status st, double secs) {
    report::RunRecord r;
    r.scenario = name;
    r.status = st;
    r.seconds = secs;
    return r;
  };
  RunSeconds s{{"skipped", 3.0}, {"errored", 4.0}, {"passed", 9.0}};
  report::RunRecord second = run("passed", report::Status::Pass, 1.5);
  second.iteration = 1;  // --repeat 2: "passed #2" is still the run "passed"
  second.iterations = 2;
  mergeRunSeconds(s, {run("passed", report::Status::Pass, 1.0), run("failed", report::Status::Fail, 2.0),
                      run("skipped", report::Status::Skip, 0.0), run("errored", report::Status::Error, 0.1),
                      second});
  EXPECT_EQ(s, (RunSeconds{{"errored", 4.0}, {"failed", 2.0}, {"passed", 1.5}, {"skipped", 3.0}}));
}

TEST(RunSeconds, LastTimesOrderTheRunsBeforeTimerBounds) {
  Scenario waits = parseScenario("hosts client server\nwait 2s\n", "waits.scn");
  Scenario kernel = parseScenario("hosts client server\nwait 10ms\n", "kernel.scn");
  std::vector<Job> jobs{{&waits, {}, {}, {}}, {&kernel, {}, {}, {}}};
  jobs[0].run.scenario = "waits";
  jobs[1].run.scenario = "kernel";
  EXPECT_EQ(dispatchOrder(jobs), (std::vector<size_t>{0, 1}));  // by declared timers
  EXPECT_EQ(dispatchOrder(jobs, {{"kernel", 6.0}}), (std::vector<size_t>{1, 0}));
}

}  // namespace
}  // namespace tcpfault::scenario
