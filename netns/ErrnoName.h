// Names for errno values and signals, both ways: "ECONNRESET" <-> 104, "SIGPIPE" <-> 13.
// Scenario files, logs and reports speak in names, never in numbers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tcpfault {

std::string errnoName(int err);                        // "ECONNRESET"; "errno 999" if unknown
std::optional<int> errnoFromName(std::string_view name);
std::string signalName(int sig);                       // "SIGPIPE"; "signal 99" if unknown
std::optional<int> signalFromName(std::string_view name);  // "SIGPIPE" or "PIPE"

// "what: ECONNRESET (Connection reset by peer)"
std::string errnoMessage(std::string_view what, int err);

}  // namespace tcpfault
