#include "reports/capture/PacketClock.h"

#include <time.h>

#include <algorithm>

namespace tcpfault::report {
namespace {

std::chrono::nanoseconds realtimeNow() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

}  // namespace

PacketClock::Reading PacketClock::systemNow() {
  auto before = realtimeNow();
  auto steady = Clock::now();
  auto after = realtimeNow();
  return {before + (after - before) / 2, steady};
}

PacketClock::PacketClock(Clock::time_point t0, Source now) : t0_(t0), now_(std::move(now)) {}

double PacketClock::secondsSinceT0(std::chrono::nanoseconds realtime) {
  Reading r = now_();
  // How long ago the kernel stamped it, measured on the realtime clock over a span of
  // milliseconds: a slew adds microseconds, a step back would make the age negative.
  auto age = std::max(r.realtime - realtime, std::chrono::nanoseconds(0));
  return std::chrono::duration<double>(r.steady - age - t0_).count();
}

}  // namespace tcpfault::report
