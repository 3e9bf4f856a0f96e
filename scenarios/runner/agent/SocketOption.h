// The socket options a scenario may set, by name: one table, one setsockopt call each.
#pragma once

#include <string_view>

namespace tcpfault::scenario {

bool isKnownSocketOption(std::string_view name);
// Durations arrive in milliseconds; TCP_KEEP* take seconds, so they are converted here.
// SO_LINGER value: seconds of linger, on (a negative value turns linger off).
// Returns setsockopt's result (errno set on failure; ENOPROTOOPT for an unknown name).
int applySocketOption(int fd, std::string_view name, long long value);

}  // namespace tcpfault::scenario
