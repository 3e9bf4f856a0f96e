// The job pool starts the runs that must sit out kernel timers first, and --all's default
// lanes follow the cores by a fixed factor: both decide whether the suite ends near its
// longest run.
#include <gtest/gtest.h>

#include "scenarios/runner/exec/CpuGate.h"
#include "scenarios/runner/exec/JobPool.h"
#include "scenarios/runner/lang/Scenario.h"

namespace tcpfault::scenario {
namespace {

Scenario parse(const std::string& name, const std::string& steps) {
  return parseScenario("hosts client server\n" + steps, name + ".scn");
}

TEST(JobOrder, TimerBoundCountsWaitsAndAfterBounds) {
  Scenario quick = parse("quick", "client c = connect server:9 => -1 ECONNREFUSED within 1s\n");
  EXPECT_EQ(timerBoundSeconds(quick), 0);
  Scenario slow = parse("slow", "wait 200ms\nclient c = connect server:9 => -1 ETIMEDOUT "
                                "within 5s after 2500ms\n");
  EXPECT_DOUBLE_EQ(timerBoundSeconds(slow), 2.7);
}

TEST(JobOrder, LongestTimerBoundRunsStartFirstTiesKeepPlanOrder) {
  Scenario a = parse("a", "wait 100ms\n");
  Scenario b = parse("b", "wait 3s\n");
  Scenario c = parse("c", "wait 100ms\n");
  Scenario d = parse("d", "wait 1s\n");
  std::vector<Job> jobs{{&a, {}, {}, {}}, {&b, {}, {}, {}}, {&c, {}, {}, {}}, {&d, {}, {}, {}}};
  EXPECT_EQ(dispatchOrder(jobs), (std::vector<size_t>{1, 3, 0, 2}));
}

TEST(JobOrder, DefaultLanesAreSixteenPerCoreWithinBounds) {
  EXPECT_EQ(defaultLanes(2), 32);
  EXPECT_EQ(defaultLanes(1), 16);
  EXPECT_EQ(defaultLanes(0), 1);   // sysconf failed
  EXPECT_EQ(defaultLanes(-1), 1);
  EXPECT_EQ(defaultLanes(64), kMaxDefaultLanes);
}

const std::atomic<int> kBusy{8};  // runs in flight: at the gates' floor below

TEST(CpuGate, WaitsUntilTheRunnableTasksFitOnTheCores) {
  int polls = 0;
  CpuGate gate(2, 8, [&] { return ++polls < 5 ? 7 : 2; }, std::chrono::milliseconds(0));
  EXPECT_TRUE(gate.awaitRoom([] { return false; }, kBusy));
  EXPECT_EQ(polls, 5);  // admitted at the first count that fits, not before
}

TEST(CpuGate, BelowTheFloorARunStartsWhateverTheLoad) {
  int polls = 0;
  CpuGate gate(2, 8, [&] { ++polls; return 100; }, std::chrono::milliseconds(0));
  std::atomic<int> few{7};
  EXPECT_TRUE(gate.awaitRoom([] { return false; }, few));
  EXPECT_EQ(polls, 0);
}

TEST(CpuGate, CancelledWhileWaitingReturnsFalse) {
  int asked = 0;
  CpuGate gate(2, 8, [] { return 100; }, std::chrono::milliseconds(0));
  EXPECT_FALSE(gate.awaitRoom([&] { return ++asked > 3; }, kBusy));
}

TEST(CpuGate, AnUnreadableCountAdmits) {
  CpuGate gate(1, 8, [] { return -1; }, std::chrono::milliseconds(0));
  EXPECT_TRUE(gate.awaitRoom([] { return false; }, kBusy));
}

TEST(CpuGate, StartsAreSpaced) {
  CpuGate gate(4, 8, [] { return 0; }, std::chrono::milliseconds(30));
  ASSERT_TRUE(gate.awaitRoom([] { return false; }, kBusy));
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(gate.awaitRoom([] { return false; }, kBusy));
  EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(29));
}

TEST(CpuGate, RunnableTasksCountsThisThread) { EXPECT_GE(runnableTasks(), 1); }

}  // namespace
}  // namespace tcpfault::scenario
