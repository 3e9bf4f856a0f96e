// Durations as scenarios write them: 15s 200ms 1.5s 2m 100us.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tcpfault::scenario {

// Longest duration a scenario may state (about 11 days): keeps every later conversion to
// std::chrono or timespec free of overflow.
inline constexpr double kMaxDurationSeconds = 1e6;

enum class DurationParse { NotDuration, Ok, OutOfRange };

// DIGITS[.DIGITS](s|ms|us|m) -> seconds. Anything else is NotDuration.
DurationParse parseDuration(std::string_view word, double& seconds);

// Shortest readable form for messages: 0.2 -> "200ms", 15 -> "15s", 120 -> "2m".
std::string formatDuration(double seconds);

}  // namespace tcpfault::scenario
