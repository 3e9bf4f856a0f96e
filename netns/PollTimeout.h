// poll() takes its timeout as int milliseconds. A bound beyond INT_MAX ms (24.8 days: a
// long `within` times --time-scale gets there) cast to int wraps -- to a short wait, 0, or
// a negative one (no bound at all). Clamped, it waits INT_MAX ms; callers that wait to a
// deadline poll again.
#pragma once

#include <chrono>
#include <climits>

namespace tcpfault::netns {

// ms < 0: -1, no bound (as poll() takes it).
constexpr int pollTimeout(long long ms) {
  return ms < 0 ? -1 : ms > INT_MAX ? INT_MAX : static_cast<int>(ms);
}
constexpr int pollTimeout(std::chrono::milliseconds ms) { return pollTimeout(static_cast<long long>(ms.count())); }

}  // namespace tcpfault::netns
