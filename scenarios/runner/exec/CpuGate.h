// Admission of runs by what the machine has to spare: a run mostly sleeps on kernel
// timers, so the lanes are many, but a new run starts only while the runnable tasks fit
// on the cores -- a machine busy with other work (or with the runs' own set-up bursts)
// gets fewer runs side by side, and the timing bounds measure the kernel, not the queue.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>

namespace tcpfault::scenario {

// Tasks runnable on the whole machine now (/proc/loadavg's fourth field), or -1.
int runnableTasks();

class CpuGate {
 public:
  using Clock = std::chrono::steady_clock;
  // runnable: how many tasks are runnable now (runnableTasks in production). Below
  // `floor` runs in flight a run starts at once, whatever the load: the gate only decides
  // the lanes beyond it, so a busy machine never gets fewer than a fixed-lane pool gave.
  CpuGate(int cores, int floor, std::function<int()> runnable = runnableTasks,
          Clock::duration spacing = std::chrono::milliseconds(10));

  // Blocks until a run may start: fewer than `floor` are active, or the runnable tasks fit
  // on the cores (the caller itself is one of them) and the previous start is `spacing`
  // ago. Returns false at once when cancelled() says so. Polls every millisecond.
  bool awaitRoom(const std::function<bool()>& cancelled, const std::atomic<int>& active);

 private:
  int cores_, floor_;
  std::function<int()> runnable_;
  Clock::duration spacing_;
  std::mutex mu_;  // one admission at a time
  Clock::time_point last_{};
};

}  // namespace tcpfault::scenario
