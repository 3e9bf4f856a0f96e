#include "servers/core/Listener.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdio>

#include "netns/Error.h"

namespace tcpfault::servers {
namespace {

struct SockAddr {
  sockaddr_storage ss{};
  socklen_t len = 0;
};

SockAddr parseAddress(const std::string& host, uint16_t port) {
  SockAddr a;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&a.ss);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&a.ss);
  if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    a.len = sizeof(*v4);
  } else if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    a.len = sizeof(*v6);
  } else {
    throwErrno(EINVAL, fmt::format("--bind {}: not an IPv4 or IPv6 address", host));
  }
  return a;
}

std::string formatAddress(const sockaddr_storage& ss) {
  char text[INET6_ADDRSTRLEN] = "?";
  if (ss.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&ss);
    inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof(text));
    return fmt::format("[{}]:{}", text, ntohs(v6->sin6_port));
  }
  const auto* v4 = reinterpret_cast<const sockaddr_in*>(&ss);
  inet_ntop(AF_INET, &v4->sin_addr, text, sizeof(text));
  return fmt::format("{}:{}", text, ntohs(v4->sin_port));
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
  std::string where = formatAddress(a.ss);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&a.ss), a.len) < 0)
    throwErrno(errno, fmt::format("bind {}", where));
  if (::listen(fd.get(), opts.backlog) < 0) throwErrno(errno, fmt::format("listen {}", where));
  return fd;
}

std::string localAddress(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof(ss);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) < 0) throwErrno(errno, "getsockname");
  return formatAddress(ss);
}

void announceListening(int fd) {
  std::printf("listening on %s\n", localAddress(fd).c_str());
  std::fflush(stdout);
}

}  // namespace tcpfault::servers
