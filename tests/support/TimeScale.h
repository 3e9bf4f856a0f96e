// Wall-clock upper bounds in tests, widened by TCPFAULT_TIME_SCALE as the runner widens
// every `within` (--time-scale): on a loaded or emulated machine the kernel is not slower
// to decide, only to get scheduled, so what a test asserts stays and only its slack grows.
// Lower bounds are never scaled: a timer that fires early is a finding on any machine.
#pragma once

#include <chrono>
#include <cstdlib>

namespace tcpfault::test {

// TCPFAULT_TIME_SCALE, in the runner's range 0.1..100; 1 when unset or not a number.
inline double timeScale() {
  const char* env = std::getenv("TCPFAULT_TIME_SCALE");
  if (!env || !*env) return 1.0;
  char* end = nullptr;
  double v = std::strtod(env, &end);
  if (end == env || *end != '\0' || !(v >= 0.1 && v <= 100.0)) return 1.0;
  return v;
}

// An upper bound D, widened by the scale (rounded up, in D's own unit).
template <typename Rep, typename Period>
std::chrono::duration<Rep, Period> scaled(std::chrono::duration<Rep, Period> d) {
  return std::chrono::ceil<std::chrono::duration<Rep, Period>>(
      std::chrono::duration<double, Period>(d) * timeScale());
}

}  // namespace tcpfault::test
