// awaitUntil: re-checks a condition about kernel state (/proc, sockets, links) until it
// holds or the bound passes. The bound is a limit, not a guess; the short pause is a
// polling interval for state that has no event to wait on (a namespace being torn down).
#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace tcpfault::testsupport {

inline bool awaitUntil(const std::function<bool()>& cond, std::chrono::milliseconds bound) {
  auto deadline = std::chrono::steady_clock::now() + bound;
  for (;;) {
    if (cond()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace tcpfault::testsupport
