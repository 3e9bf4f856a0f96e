// OutputTail: drains a child's stdout+stderr pipe on a thread of its own, so the child never
// blocks in write() however much it prints and however long nobody asks (a 64 KiB pipe
// read only at start and at the end stalled a chatty server mid-run), and keeps the last
// `limit` bytes of what it printed.
//
// Threads: one drain thread; text(), total() and waitFor() may be called from any thread.
// The destructor stops the thread (an eventfd wakes it) and closes the pipe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "netns/UniqueFd.h"

namespace tcpfault::netns {

class OutputTail {
 public:
  OutputTail(UniqueFd pipe, size_t limit);
  ~OutputTail();
  OutputTail(const OutputTail&) = delete;
  OutputTail& operator=(const OutputTail&) = delete;

  // The last `limit` bytes (at least), after a "[N bytes dropped]" line when more came.
  // Reads what the pipe holds first, so nothing written before the call is missing.
  std::string text();
  size_t total() const;  // bytes read from the pipe so far
  // Waits until `needle` is in the kept text, or timeout, or the pipe's end (every writer
  // gone): whether it appeared.
  bool waitFor(std::string_view needle, std::chrono::milliseconds timeout) const;

 private:
  void run();
  bool drainNow();                    // under mu_
  void keep(std::string_view bytes);  // under mu_

  UniqueFd pipe_, wake_;
  size_t limit_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::string tail_;      // guarded by mu_; at most 2 * limit_
  size_t dropped_ = 0;    // guarded by mu_: bytes let go from the front
  bool ended_ = false;    // guarded by mu_
  std::thread thread_;
};

}  // namespace tcpfault::netns
