// What each story needs from the kernel, read from its steps, and the skip of the runs
// whose needs a kernel (here: injected absences) does not meet.
#include <gtest/gtest.h>

#include "scenarios/runner/exec/StoryNeeds.h"

namespace tcpfault::scenario {
namespace {

using F = Feature;

std::vector<F> needs(const std::string& steps) {
  return featuresNeeded(parseScenario("hosts client server\n" + steps, "n.scn"));
}

TEST(StoryNeeds, EachStepAsksForWhatItUses) {
  EXPECT_EQ(needs("client c = connect server:9 => ECONNREFUSED\n"), (std::vector<F>{F::Veth}));
  EXPECT_EQ(needs("start server fork-echo\nexpect server tcp local 9877 LISTEN\n"),
            (std::vector<F>{F::Veth, F::SockDiag}));
  // Every segment: the kernel's own rule; counted or about payload: the engine.
  EXPECT_EQ(needs("drop client > server\n"), (std::vector<F>{F::Veth, F::NfTables}));
  EXPECT_EQ(needs("loss client > server 10%\n"), (std::vector<F>{F::Veth, F::NfTables}));
  for (const char* engine : {"drop client > server SA count 1\n", "drop client > server data\n",
                             "loss client > server 10% seed 3\n", "delay client > server 10ms\n",
                             "corrupt client > server count 1\n", "duplicate client > server nth 3\n"})
    EXPECT_EQ(needs(engine), (std::vector<F>{F::Veth, F::NfTables, F::NfnetlinkQueue, F::QueueRule})) << engine;
  EXPECT_EQ(needs("rate client > server 16mbit\n"), (std::vector<F>{F::Veth, F::Tbf}));
  EXPECT_EQ(needs("mtu client 1280\n"), (std::vector<F>{F::Veth}));
  EXPECT_EQ(needs("mtu client 1280 blackhole\n"), (std::vector<F>{F::Veth, F::NfTables}));
  EXPECT_EQ(needs("expect wire dropped 0\n"), (std::vector<F>{F::Veth, F::NfTables}));
  EXPECT_EQ(needs("expect wire client > server S no\n"), (std::vector<F>{F::Veth}));  // the capture
  EXPECT_EQ(needs("client c = connect server:9 ipv6 => ECONNREFUSED\n"), (std::vector<F>{F::Veth, F::Ipv6}));
  EXPECT_EQ(needs("start server $server --bind ::\n"), (std::vector<F>{F::Veth, F::SockDiag, F::Ipv6}));
}

TEST(StoryNeeds, OnlyTheRunsThatNeedAMissingFeatureAreSkipped) {
  std::vector<Scenario> all{parseScenario("hosts client server\nrate client > server 1mbit\n", "rate.scn"),
                            parseScenario("hosts client server\nwait 1s\n", "plain.scn"),
                            parseScenario("kernel >= 99.0\nhosts client server\nrate client > server 1mbit\n",
                                          "future.scn")};
  PlanOptions plan;
  plan.kernel = parseKernelRelease("6.1.0");
  auto jobs = planJobs(all, plan);
  netns::wire::KernelFeatures kernel;
  kernel.missing.emplace(F::Tbf, "RTM_NEWQDISC tbf: Object not found");
  auto skipped = skipUnsupported(jobs, kernel);
  EXPECT_EQ(jobs[0].skip, "needs tbf (sch_tbf), which this kernel lacks (RTM_NEWQDISC tbf: Object not found)");
  EXPECT_EQ(jobs[1].skip, "");
  EXPECT_EQ(jobs[2].skip, "holds on kernel >= 99.0; this kernel is 6.1.0");  // the first reason stays
  EXPECT_EQ(skipped, (std::map<F, int>{{F::Tbf, 1}}));
  EXPECT_TRUE(skipUnsupported(jobs, {}).empty());
}

}  // namespace
}  // namespace tcpfault::scenario
