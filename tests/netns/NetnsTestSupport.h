// Helpers shared by the netns tests: the privilege probe, a TCP echo server that runs
// inside a host (Host::fork), and client sockets opened inside a host from the test
// process itself. Every blocking call has a bound (SO_RCVTIMEO/poll), never a sleep.
#pragma once

#include "tests/support/AwaitUntil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "netns/ErrnoName.h"
#include "netns/Host.h"
#include "netns/UniqueFd.h"

namespace tcpfault::netns::test {

using tcpfault::testsupport::awaitUntil;  // tests/support/AwaitUntil.h

// nullopt if we may create network namespaces; else why not. Probed in a child so a
// failed unshare cannot change the test process.
// The network namespace of the calling thread, by inode.
inline ino_t threadNetns() {
  struct stat st {};
  ::stat("/proc/thread-self/ns/net", &st);
  return st.st_ino;
}

inline std::optional<std::string> netAdminMissing() {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(::unshare(CLONE_NEWNET | CLONE_NEWPID) == 0 ? 0 : errno);
  int st = 0;
  ::waitpid(pid, &st, 0);
  if (WIFEXITED(st) && WEXITSTATUS(st) == 0) return std::nullopt;
  return "needs CAP_NET_ADMIN/CAP_SYS_ADMIN: unshare(CLONE_NEWNET|CLONE_NEWPID) failed with " +
         errnoName(WIFEXITED(st) ? WEXITSTATUS(st) : EPERM) + " (run as root)";
}

#define TCPFAULT_REQUIRE_NETNS()                                            \
  do {                                                                      \
    if (auto why = ::tcpfault::netns::test::netAdminMissing()) GTEST_SKIP() << *why; \
  } while (0)

inline sockaddr_storage sockAddr(const std::string& ip, uint16_t port, socklen_t& len) {
  sockaddr_storage ss{};
  auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
  if (::inet_pton(AF_INET, ip.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    len = sizeof *v4;
  } else {
    ::inet_pton(AF_INET6, ip.c_str(), &v6->sin6_addr);
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    len = sizeof *v6;
  }
  return ss;
}

// What a socket call returned: data for expectations, never an exception.
struct IoResult {
  ssize_t ret = 0;
  int err = 0;
  std::chrono::milliseconds elapsed{0};
  std::string data;
  std::string describe() const {
    return ret < 0 ? "-1 " + errnoName(err) + " after " + std::to_string(elapsed.count()) + "ms"
                   : std::to_string(ret) + " after " + std::to_string(elapsed.count()) + "ms";
  }
};

// connect() from inside host h; the socket stays in h's namespace.
inline IoResult connectFrom(Host& h, const std::string& ip, uint16_t port, UniqueFd& out) {
  IoResult r;
  h.enter([&] {
    socklen_t len = 0;
    auto ss = sockAddr(ip, port, len);
    out = UniqueFd(::socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
    timeval tv{10, 0};  // bound for a connect the kernel retries
    ::setsockopt(out.get(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    auto t0 = std::chrono::steady_clock::now();
    r.ret = ::connect(out.get(), reinterpret_cast<sockaddr*>(&ss), len);
    r.err = r.ret < 0 ? errno : 0;
    r.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - t0);
  });
  return r;
}

// A blocking recv bounded by SO_RCVTIMEO (EAGAIN when the bound is hit).
inline IoResult recvBounded(int fd, std::chrono::seconds bound) {
  timeval tv{static_cast<time_t>(bound.count()), 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  IoResult r;
  char buf[4096];
  auto t0 = std::chrono::steady_clock::now();
  do r.ret = ::recv(fd, buf, sizeof buf, 0);
  while (r.ret < 0 && errno == EINTR);
  r.err = r.ret < 0 ? errno : 0;
  r.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - t0);
  if (r.ret > 0) r.data.assign(buf, static_cast<size_t>(r.ret));
  return r;
}

inline IoResult sendAll(int fd, const std::string& s) {
  IoResult r;
  r.ret = ::send(fd, s.data(), s.size(), MSG_NOSIGNAL);
  r.err = r.ret < 0 ? errno : 0;
  return r;
}

// Echo server for Host::fork: prints "listening", serves one connection after another,
// and prints "got SIGTERM" (then exits 0) when asked to terminate.
inline int echoServer(uint16_t port) {
  struct sigaction sa {};
  sa.sa_handler = [](int) {
    static const char msg[] = "got SIGTERM\n";
    (void)!::write(1, msg, sizeof msg - 1);
    ::_exit(0);
  };
  ::sigaction(SIGTERM, &sa, nullptr);
  int ls = ::socket(AF_INET6, SOCK_STREAM, 0);  // dual-stack: v4 and v6 clients
  int one = 1, zero = 0;
  ::setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  ::setsockopt(ls, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
  sockaddr_in6 a{};
  a.sin6_family = AF_INET6;
  a.sin6_addr = in6addr_any;
  a.sin6_port = htons(port);
  if (::bind(ls, reinterpret_cast<sockaddr*>(&a), sizeof a) < 0 || ::listen(ls, 16) < 0)
    return 1;
  static const char ready[] = "listening\n";
  (void)!::write(1, ready, sizeof ready - 1);
  // One poll loop serves every connection at once.
  std::vector<pollfd> fds{{ls, POLLIN, 0}};
  for (;;) {
    if (::poll(fds.data(), fds.size(), -1) < 0) continue;
    for (size_t i = fds.size(); i-- > 0;) {
      if (!fds[i].revents) continue;
      if (fds[i].fd == ls) {
        int c = ::accept(ls, nullptr, nullptr);
        if (c >= 0) fds.push_back({c, POLLIN, 0});
        continue;
      }
      char buf[4096];
      ssize_t n = ::recv(fds[i].fd, buf, sizeof buf, 0);
      if (n > 0) {
        (void)!::send(fds[i].fd, buf, static_cast<size_t>(n), MSG_NOSIGNAL);
      } else {
        ::close(fds[i].fd);
        fds.erase(fds.begin() + static_cast<long>(i));
      }
    }
  }
}

}  // namespace tcpfault::netns::test
