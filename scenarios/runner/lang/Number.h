// Integers and byte sizes as scenarios write them: 3, -1, 65536, 64K, 1M (1024-based).
#pragma once

#include <string_view>

namespace tcpfault::scenario {

enum class NumberParse { NotNumber, Integer, Size, OutOfRange };

// One or more of 0-9, nothing else.
inline bool allDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// [-]DIGITS -> Integer; DIGITS(K|M) -> Size in bytes. Out of long long -> OutOfRange.
NumberParse parseNumber(std::string_view word, long long& value);

}  // namespace tcpfault::scenario
