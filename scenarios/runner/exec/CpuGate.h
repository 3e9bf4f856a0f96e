// Admission of runs by what the machine has to spare: a run mostly sleeps on kernel
// timers, so the lanes are many, but a new run starts only while the runnable tasks fit
// on the cores -- a machine busy with other work (or with the runs' own set-up bursts)
// gets fewer runs side by side, and the timing bounds measure the kernel, not the queue.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>

namespace tcpfault::scenario {

// Tasks runnable on the whole machine now (/proc/loadavg's fourth field), or -1.
int runnableTasks();

class CpuGate {
 public:
  using Clock = std::chrono::steady_clock;
  // runnable: how many tasks are runnable now (runnableTasks in production).
  CpuGate(int cores, std::function<int()> runnable = runnableTasks,
          Clock::duration spacing = std::chrono::milliseconds(10));

  // Blocks until a run may start: the runnable tasks fit on the cores (the caller itself
  // is one of them) and the previous start is `spacing` ago. Returns false at once when
  // cancelled() says so. Polls every millisecond.
  bool awaitRoom(const std::function<bool()>& cancelled);

 private:
  int cores_;
  std::function<int()> runnable_;
  Clock::duration spacing_;
  std::mutex mu_;  // one admission at a time
  Clock::time_point last_{};
};

}  // namespace tcpfault::scenario
