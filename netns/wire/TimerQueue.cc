#include "netns/wire/TimerQueue.h"

namespace tcpfault::netns::wire {

void TimerQueue::schedule(uint32_t id, uint64_t at) { entries_.insert({at, order_++, id}); }

std::optional<uint64_t> TimerQueue::next() const {
  if (entries_.empty()) return std::nullopt;
  return entries_.begin()->at;
}

std::vector<TimerQueue::Due> TimerQueue::popDue(uint64_t now) {
  std::vector<Due> out;
  while (!entries_.empty() && entries_.begin()->at <= now) {
    out.push_back({entries_.begin()->id, entries_.begin()->at});
    entries_.erase(entries_.begin());
  }
  return out;
}

size_t TimerQueue::cancel(uint32_t id) {
  return std::erase_if(entries_, [id](const Entry& e) { return e.id == id; });
}

void TimerQueue::clear() { entries_.clear(); }

}  // namespace tcpfault::netns::wire
