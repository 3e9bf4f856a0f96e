// Whether a thread sleeps in a system call, and in which: read from its
// /proc directory (/proc/PID/task/TID/). "interrupt" signals a background call's thread only while it
// sleeps in the kernel, so that the signal, not a race, decides what the call returns.
#pragma once

#include <string>

namespace tcpfault::scenario {

struct ThreadSleep {
  bool asleep = false;  // in an interruptible sleep (state S) inside a system call
  std::string where;    // the system call ("accept4"), or what the thread does instead
};

ThreadSleep threadSleep(const std::string& procDir);

}  // namespace tcpfault::scenario
