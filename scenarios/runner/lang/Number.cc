#include "scenarios/runner/lang/Number.h"

#include <charconv>
#include <limits>

namespace tcpfault::scenario {
NumberParse parseNumber(std::string_view word, long long& value) {
  long long scale = 1;
  std::string_view digits = word;
  if (!word.empty() && (word.back() == 'K' || word.back() == 'M')) {
    scale = word.back() == 'K' ? 1024 : 1024 * 1024;
    digits = word.substr(0, word.size() - 1);
  }
  std::string_view unsignedPart = digits;
  if (scale == 1 && digits.starts_with('-')) unsignedPart = digits.substr(1);
  if (!allDigits(unsignedPart)) return NumberParse::NotNumber;
  long long v = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc{} || end != digits.data() + digits.size()) return NumberParse::OutOfRange;
  if (v > std::numeric_limits<long long>::max() / scale) return NumberParse::OutOfRange;
  value = v * scale;
  return scale == 1 ? NumberParse::Integer : NumberParse::Size;
}

}  // namespace tcpfault::scenario
