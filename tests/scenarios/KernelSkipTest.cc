// A story's `kernel` lines decide whether it runs on this kernel (a skip with the reason
// otherwise), and `when` steps another kernel takes are left out of the sysctl check.
#include <gtest/gtest.h>

#include "scenarios/runner/exec/Catalogue.h"
#include "scenarios/runner/exec/SysctlCheck.h"
#include "scenarios/runner/lang/Scenario.h"

namespace tcpfault::scenario {
namespace {

KernelVersion kernel(std::string_view release) { return parseKernelRelease(release).value(); }

TEST(KernelSkip, AStoryForNewerKernelsIsSkippedWithTheReason) {
  std::vector<Scenario> all{parseScenario("kernel >= 6.13\nhosts a\nwait 1s\n", "new.scn"),
                            parseScenario("hosts a\nwait 1s\n", "any.scn")};
  PlanOptions plan;
  plan.kernel = kernel("6.1.0-50-amd64");
  auto jobs = planJobs(all, plan);
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[0].skip, "holds on kernel >= 6.13; this kernel is 6.1.0-50-amd64");
  EXPECT_EQ(jobs[1].skip, "");
  plan.kernel = kernel("6.18.0");
  EXPECT_EQ(planJobs(all, plan)[0].skip, "");
  plan.kernel.reset();  // --list before any kernel is asked
  EXPECT_EQ(planJobs(all, plan)[0].skip, "");
}

// kernel.pid_max is refused wherever it is checked: only a step this kernel runs is.
TEST(KernelSkip, SysctlOfAStepOrStoryThisKernelSkipsIsNotChecked) {
  auto story = [](const std::string& text) {
    return std::vector<Scenario>{parseScenario(text, "s.scn")};
  };
  EXPECT_TRUE(checkSysctlKeys(story("hosts a\nwhen kernel >= 6.13 sysctl a kernel.pid_max=4\n"), kernel("6.1.0"))
                  .empty());
  EXPECT_TRUE(checkSysctlKeys(story("kernel >= 6.13\nhosts a\nsysctl a kernel.pid_max=4\n"), kernel("6.1.0"))
                  .empty());
}

}  // namespace
}  // namespace tcpfault::scenario
