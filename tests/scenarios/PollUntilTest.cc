// pollUntil: an `expect` holds when its probe does, and an exact count must hold for the
// settle time -- at the deadline too, so a count first seen at the last poll is no pass.
#include <gtest/gtest.h>

#include "scenarios/runner/exec/PollUntil.h"

namespace tcpfault::scenario {
namespace {

using std::chrono::milliseconds;

const auto kNotCancelled = [] {};

TEST(PollUntil, ACountSeenOnlyAtTheLastPollFails) {
  auto deadline = Clock::now() + milliseconds(60);
  int polls = 0;
  auto r = pollUntil(deadline, "count 2", [&](std::string& obs) {
    ++polls;
    bool last = Clock::now() >= deadline;  // the poll at (or past) the deadline
    obs = last ? "count 2" : "count 1";
    return last;
  }, milliseconds(100), kNotCancelled, milliseconds(5));
  EXPECT_FALSE(r.ok) << r.observed;
  EXPECT_EQ(r.expected, "count 2");
  EXPECT_NE(r.observed.find("count 2 for only 0ms of the 100ms it must hold"), std::string::npos) << r.observed;
  EXPECT_GT(polls, 1);
}

TEST(PollUntil, ACountThatHoldsForTheSettleTimePasses) {
  auto r = pollUntil(Clock::now() + milliseconds(2000), "count 2", [](std::string& obs) {
    obs = "count 2";
    return true;
  }, milliseconds(30), kNotCancelled, milliseconds(5));
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.observed, "count 2");
}

TEST(PollUntil, WithoutSettleTheFirstHoldingPollPasses) {
  int polls = 0;
  auto r = pollUntil(Clock::now() + milliseconds(2000), "x", [&](std::string&) { return ++polls == 3; },
                     Clock::duration::zero(), kNotCancelled, milliseconds(1));
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(polls, 3);
}

TEST(PollUntil, AProbeThatNeverHoldsFailsWithTheLastObservation) {
  int polls = 0;
  auto r = pollUntil(Clock::now() + milliseconds(30), "state CLOSE", [&](std::string& obs) {
    obs = "state ESTABLISHED " + std::to_string(++polls);
    return false;
  }, Clock::duration::zero(), kNotCancelled, milliseconds(5));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.observed, "state ESTABLISHED " + std::to_string(polls));
}

}  // namespace
}  // namespace tcpfault::scenario
