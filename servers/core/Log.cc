#include "servers/core/Log.h"

#include <unistd.h>

#include <string>

#include "netns/ErrnoName.h"

namespace tcpfault::servers {
namespace {
std::string& name() {
  static std::string n = "server";
  return n;
}
}  // namespace

void setProgramName(std::string_view n) { name() = std::string(n); }
std::string_view programName() { return name(); }

void logLine(std::string_view text) {
  std::string line = name() + ": " + std::string(text) + "\n";
  // One write per line; a short write to a terminal or pipe is not worth retrying here.
  [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
}

void logErrno(std::string_view what, int err) { logLine(errnoMessage(what, err)); }

void logErrnoGoingOn(std::string_view what, int err) {
  logLine(errnoMessage(what, err) + ", going on");
}

}  // namespace tcpfault::servers
