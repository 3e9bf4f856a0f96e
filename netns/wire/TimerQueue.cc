#include "netns/wire/TimerQueue.h"

#include <algorithm>

namespace tcpfault::netns::wire {

void TimerQueue::schedule(uint32_t id, uint64_t at) {
  entries_.push_back({at, order_++, id});
  std::push_heap(entries_.begin(), entries_.end());
}

std::optional<uint64_t> TimerQueue::next() const {
  if (entries_.empty()) return std::nullopt;
  return entries_.front().at;
}

const std::vector<TimerQueue::Due>& TimerQueue::popDue(uint64_t now) {
  due_.clear();
  while (!entries_.empty() && entries_.front().at <= now) {
    due_.push_back({entries_.front().id, entries_.front().at});
    std::pop_heap(entries_.begin(), entries_.end());
    entries_.pop_back();
  }
  return due_;
}

size_t TimerQueue::cancel(uint32_t id) {
  size_t n = std::erase_if(entries_, [id](const Entry& e) { return e.id == id; });
  if (n) std::make_heap(entries_.begin(), entries_.end());
  return n;
}

void TimerQueue::clear() { entries_.clear(); }

}  // namespace tcpfault::netns::wire
