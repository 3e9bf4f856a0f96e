#include "scenarios/runner/lang/Bounds.h"

#include <fmt/format.h>

namespace tcpfault::scenario {

long long maxNumber(std::string_view verb, std::string_view placeholder) {
  if (placeholder == "DATA" || verb == "readall") return kMaxWriteBytes;
  if (placeholder != "N") return kMaxCount;
  if (verb == "read" || verb == "recv") return kMaxReadBytes;
  if (verb == "flood" || verb == "synflood") return kMaxConnections;
  return kMaxCount;
}

std::string formatBound(long long value) {
  if (value >= (1 << 20) && value % (1 << 20) == 0) return fmt::format("{}M", value >> 20);
  if (value >= (1 << 10) && value % (1 << 10) == 0) return fmt::format("{}K", value >> 10);
  return std::to_string(value);
}

}  // namespace tcpfault::scenario
