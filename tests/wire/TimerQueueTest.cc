// The engine's deadline queue alone: no clock, no fd.
#include "netns/wire/TimerQueue.h"

#include <gtest/gtest.h>

namespace tcpfault::netns::wire {
namespace {

std::vector<uint32_t> ids(const std::vector<TimerQueue::Due>& due) {
  std::vector<uint32_t> out;
  for (const auto& d : due) out.push_back(d.id);
  return out;
}

TEST(wire_TimerQueue, PopsWhatIsDueEarliestFirst) {
  TimerQueue q;
  q.schedule(1, 300);
  q.schedule(2, 100);
  q.schedule(3, 200);
  EXPECT_EQ(q.next(), 100u);
  EXPECT_TRUE(q.popDue(99).empty());
  auto due = q.popDue(200);
  EXPECT_EQ(ids(due), (std::vector<uint32_t>{2, 3}));
  EXPECT_EQ(due[0].at, 100u);  // the deadline, for the lateness the engine records
  EXPECT_EQ(q.next(), 300u);
  EXPECT_EQ(ids(q.popDue(1000)), (std::vector<uint32_t>{1}));
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.next(), std::nullopt);
}

// A reorder's held packet is scheduled after its delayed successor, at the same deadline:
// it must leave second.
TEST(wire_TimerQueue, EqualDeadlinesLeaveInSchedulingOrder) {
  TimerQueue q;
  q.schedule(9, 500);
  q.schedule(4, 500);
  q.schedule(7, 500);
  q.schedule(1, 400);
  EXPECT_EQ(ids(q.popDue(500)), (std::vector<uint32_t>{1, 9, 4, 7}));
}

TEST(wire_TimerQueue, CancelAndClearRemoveEntries) {
  TimerQueue q;
  q.schedule(1, 100);
  q.schedule(2, 200);
  q.schedule(1, 300);  // rescheduled: both entries go
  EXPECT_EQ(q.cancel(1), 2u);
  EXPECT_EQ(q.cancel(1), 0u);
  EXPECT_EQ(q.size(), 1u);
  EXPECT_EQ(q.next(), 200u);
  q.clear();
  EXPECT_TRUE(q.empty());
  EXPECT_TRUE(q.popDue(UINT64_MAX).empty());
  q.schedule(5, 10);  // usable after clear
  EXPECT_EQ(ids(q.popDue(10)), (std::vector<uint32_t>{5}));
}

}  // namespace
}  // namespace tcpfault::netns::wire
