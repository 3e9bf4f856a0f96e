// The readiness line: once listening, a server prints exactly one line on stdout,
// "listening on ADDR:PORT" ("listening on [::]:9877" for IPv6), flushed. The servers
// print it and every launcher (tests, echo-bench, the scenario runner) reads it here.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tcpfault::servers {

inline constexpr std::string_view kReadyPrefix = "listening on ";

inline std::string readinessLine(std::string_view address) {
  return std::string(kReadyPrefix) + std::string(address) + "\n";
}

// The port of a readiness line (without its newline); nullopt for any other line.
inline std::optional<uint16_t> readyPort(std::string_view line) {
  if (!line.starts_with(kReadyPrefix)) return std::nullopt;
  size_t colon = line.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  unsigned port = 0;
  auto [end, ec] = std::from_chars(line.data() + colon + 1, line.data() + line.size(), port);
  if (ec != std::errc() || end != line.data() + line.size() || port > 65535) return std::nullopt;
  return static_cast<uint16_t>(port);
}

}  // namespace tcpfault::servers
