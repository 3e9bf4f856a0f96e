// Log: one line per event on stderr, prefixed with the program name, errnos by name:
//   "fork-echo: read: ECONNRESET (Connection reset by peer)".
// Thread-safe: each line is one write(2) to fd 2, so threads never interleave a line.
#pragma once

#include <string_view>

namespace tcpfault::servers {

void setProgramName(std::string_view name);
std::string_view programName();
void logLine(std::string_view text);
void logErrno(std::string_view what, int err);  // what: ENAME (strerror)
// The EINTR line of --no-restart and friends: "accept: EINTR (...), going on".
void logErrnoGoingOn(std::string_view what, int err);

}  // namespace tcpfault::servers
