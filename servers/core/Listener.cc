#include "servers/core/Listener.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdio>

#include "netns/Error.h"
#include "netns/SockAddr.h"
#include "servers/core/Readiness.h"

namespace tcpfault::servers {
namespace {

SockAddr parseAddress(const std::string& host, uint16_t port) {
  auto a = sockAddrOf(host, port);
  if (!a) throwErrno(EINVAL, fmt::format("--bind {}: not an IPv4 or IPv6 address", host));
  return *a;
}

void setOption(int fd, int level, int name, int value, std::string_view what) {
  if (setsockopt(fd, level, name, &value, sizeof(value)) < 0) throwErrno(errno, what);
}

}  // namespace

UniqueFd listenOn(const ListenOptions& opts) {
  SockAddr a = parseAddress(opts.bind, opts.port);
  int type = SOCK_STREAM | SOCK_CLOEXEC | (opts.nonBlocking ? SOCK_NONBLOCK : 0);
  UniqueFd fd(::socket(a.ss.ss_family, type, 0));
  if (!fd) throwErrno(errno, "socket");
  // A restarted server must not wait out TIME_WAIT of its previous run (UNP 7.5).
  setOption(fd.get(), SOL_SOCKET, SO_REUSEADDR, 1, "setsockopt SO_REUSEADDR");
  if (a.ss.ss_family == AF_INET6)  // "::" takes IPv4 clients too
    setOption(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, 0, "setsockopt IPV6_V6ONLY");
  std::string where = formatSockAddr(a.ss);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&a.ss), a.len) < 0)
    throwErrno(errno, fmt::format("bind {}", where));
  if (::listen(fd.get(), opts.backlog) < 0) throwErrno(errno, fmt::format("listen {}", where));
  return fd;
}

std::string localAddress(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof(ss);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) < 0) throwErrno(errno, "getsockname");
  return formatSockAddr(ss);
}

void announceListening(int fd) {
  std::fputs(readinessLine(localAddress(fd)).c_str(), stdout);
  std::fflush(stdout);
}

}  // namespace tcpfault::servers
