#include "netns/Sysctl.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

#include <fmt/format.h>

#include "netns/Error.h"
#include "netns/UniqueFd.h"

namespace tcpfault::netns {

std::string sysctlPath(std::string_view key) {
  if (key.empty() || key.find('/') != std::string_view::npos ||
      key.find("..") != std::string_view::npos || key.front() == '.')
    throw std::invalid_argument(fmt::format("bad sysctl key '{}'", key));
  std::string path(key);
  for (char& c : path)
    if (c == '.') c = '/';
  return path;
}

void writeProcSys(std::string_view path, std::string_view value, std::string_view host) {
  auto full = fmt::format("/proc/sys/{}", path);
  UniqueFd fd(::open(full.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd) throwErrno(errno, fmt::format("sysctl {} in host {}", full, host));
  if (::write(fd.get(), value.data(), value.size()) < 0)
    throwErrno(errno, fmt::format("sysctl {}={} in host {}", full, value, host));
}

std::string readProcSys(std::string_view path, std::string_view host) {
  auto full = fmt::format("/proc/sys/{}", path);
  UniqueFd fd(::open(full.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) throwErrno(errno, fmt::format("sysctl {} in host {}", full, host));
  std::string out;
  char buf[512];
  ssize_t n;
  while ((n = ::read(fd.get(), buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  if (n < 0) throwErrno(errno, fmt::format("read sysctl {} in host {}", full, host));
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

bool kernelHasIpv6() {
  static const bool has = ::access("/proc/sys/net/ipv6", F_OK) == 0;
  return has;
}

}  // namespace tcpfault::netns
