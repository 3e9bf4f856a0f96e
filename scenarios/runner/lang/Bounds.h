// Upper bounds on what a scenario may ask for, checked at parse time (exit 2 with
// file:line:col): the agent's buffers and loops, and the runner's waits, stay bounded
// whatever a scenario file says.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tcpfault::scenario {

inline constexpr long long kMaxWriteBytes = 1LL << 30;  // write/send N, readall N: sent/read in chunks
inline constexpr long long kMaxReadBytes = 1LL << 20;   // read/recv N: one call's buffer
inline constexpr long long kMaxConnections = 65535;     // flood/synflood N: one socket each
inline constexpr long long kMaxCount = INT32_MAX;       // any other number

// The largest value the number in slot `placeholder` of `verb` may have.
long long maxNumber(std::string_view verb, std::string_view placeholder);

// "64K", "1024M", "65535": how messages show a bound.
std::string formatBound(long long value);

}  // namespace tcpfault::scenario
