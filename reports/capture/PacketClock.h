// PacketClock: puts the kernel's packet stamps on the steady clock that marks and steps use.
//
// A packet socket stamps with CLOCK_REALTIME only (libpcap's time stamp types and
// SO_TIMESTAMPING offer host or adapter time, never a monotonic one), and the realtime
// clock is slewed and stepped against the monotonic one by NTP or the hypervisor (measured
// on one CI machine: 0.9 ms per second, in steps of 0.5 ms). An offset taken once at t0
// lets packets drift away from the steps they belong to -- a SYN from before a `mark`
// lands inside `since MARK`. So the offset is read again for every packet, right after
// the capture thread reads it, when the stamp is only the capture's latency old; and the
// result is bounded by that reading, as a packet cannot have been sent after it was read.
//
// Thread-compatible: one capture thread converts.
#pragma once

#include <chrono>
#include <functional>

namespace tcpfault::report {

class PacketClock {
 public:
  using Clock = std::chrono::steady_clock;
  // One moment on both clocks.
  struct Reading {
    std::chrono::nanoseconds realtime;  // since the epoch
    Clock::time_point steady;
  };
  using Source = std::function<Reading()>;

  // t0: the run's start on the steady clock. now: the clocks (a test injects its own).
  explicit PacketClock(Clock::time_point t0, Source now = systemNow);

  // Seconds since t0 of a packet the kernel stamped `realtime` (since the epoch), read
  // just now: never later than now.
  double secondsSinceT0(std::chrono::nanoseconds realtime);

  // Both clocks, read back to back: realtime is the mean of two readings around the steady one.
  static Reading systemNow();

 private:
  Clock::time_point t0_;
  Source now_;
};

}  // namespace tcpfault::report
