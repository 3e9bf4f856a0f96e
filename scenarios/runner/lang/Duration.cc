#include "scenarios/runner/lang/Duration.h"

#include <cmath>
#include <fmt/format.h>

namespace tcpfault::scenario {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Splits "1.5ms" into "1.5" and "ms"; false unless the number part is DIGITS[.DIGITS].
bool splitNumberUnit(std::string_view word, std::string_view& number, std::string_view& unit) {
  size_t i = 0;
  while (i < word.size() && isDigit(word[i])) ++i;
  if (i == 0) return false;
  if (i < word.size() && word[i] == '.') {
    size_t frac = ++i;
    while (i < word.size() && isDigit(word[i])) ++i;
    if (i == frac) return false;
  }
  number = word.substr(0, i);
  unit = word.substr(i);
  return true;
}

std::optional<double> unitSeconds(std::string_view unit) {
  if (unit == "s") return 1.0;
  if (unit == "ms") return 1e-3;
  if (unit == "us") return 1e-6;
  if (unit == "m") return 60.0;
  return std::nullopt;
}

}  // namespace

DurationParse parseDuration(std::string_view word, double& seconds) {
  std::string_view number, unit;
  if (!splitNumberUnit(word, number, unit)) return DurationParse::NotDuration;
  auto scale = unitSeconds(unit);
  if (!scale) return DurationParse::NotDuration;
  if (number.size() > 24) return DurationParse::OutOfRange;  // strtod on bounded input only
  double value = std::strtod(std::string(number).c_str(), nullptr) * *scale;
  if (!std::isfinite(value) || value > kMaxDurationSeconds) return DurationParse::OutOfRange;
  seconds = value;
  return DurationParse::Ok;
}

std::string formatDuration(double seconds) {
  if (seconds >= 60 && std::fmod(seconds, 60) == 0) return fmt::format("{}m", seconds / 60);
  if (seconds >= 1 || seconds == 0) return fmt::format("{}s", seconds);
  if (seconds >= 1e-3) return fmt::format("{}ms", seconds * 1e3);
  return fmt::format("{}us", seconds * 1e6);
}

}  // namespace tcpfault::scenario
