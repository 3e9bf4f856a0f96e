#include "scenarios/runner/exec/CpuGate.h"

#include <cstdio>
#include <thread>

namespace tcpfault::scenario {

int runnableTasks() {
  // "0.52 0.58 0.59 3/118 1234": runnable/total tasks, then the last pid.
  std::FILE* f = std::fopen("/proc/loadavg", "re");
  if (!f) return -1;
  double a = 0, b = 0, c = 0;
  int running = -1, total = 0;
  int n = std::fscanf(f, "%lf %lf %lf %d/%d", &a, &b, &c, &running, &total);
  std::fclose(f);
  return n == 5 ? running : -1;
}

CpuGate::CpuGate(int cores, int floor, std::function<int()> runnable, Clock::duration spacing)
    : cores_(cores < 1 ? 1 : cores), floor_(floor), runnable_(std::move(runnable)), spacing_(spacing) {}

bool CpuGate::awaitRoom(const std::function<bool()>& cancelled, const std::atomic<int>& active) {
  std::lock_guard lk(mu_);
  for (;;) {
    if (cancelled()) return false;
    if (active.load() < floor_) break;
    int r = runnable_();
    // -1: the count is unreadable; admit rather than stall the suite.
    if ((r < 0 || r <= cores_) && Clock::now() - last_ >= spacing_) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  last_ = Clock::now();
  return true;
}

}  // namespace tcpfault::scenario
