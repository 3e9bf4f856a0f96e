#include "servers/bench/LoadClient.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <cerrno>

#include "netns/ErrnoName.h"

namespace tcpfault::bench {
namespace {

using Clock = std::chrono::steady_clock;

int msLeft(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

UniqueFd connectOne(uint16_t port, int* err) {
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (!fd || ::connect(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof(a)) < 0) {
    *err = errno;
    return {};
  }
  int one = 1;  // a round is one request/response: no Nagle wait on its tail
  ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return fd;
}

}  // namespace

std::string LoadClient::connect(uint16_t port, int n) {
  fds_.clear();
  fds_.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    int err = 0;
    UniqueFd fd = connectOne(port, &err);
    if (!fd) return errnoMessage(fmt::format("connect {}", i), err);
    fds_.push_back(std::move(fd));
  }
  return "";
}

std::string LoadClient::warmUp(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  UniqueFd ep(::epoll_create1(EPOLL_CLOEXEC));
  for (size_t i = 0; i < fds_.size(); ++i) {
    if (::send(fds_[i].get(), "w", 1, MSG_NOSIGNAL | MSG_DONTWAIT) != 1)
      return errnoMessage(fmt::format("warm-up send {}", i), errno);
    epoll_event ev{EPOLLIN, {.u64 = i}};
    ::epoll_ctl(ep.get(), EPOLL_CTL_ADD, fds_[i].get(), &ev);
  }
  size_t echoed = 0;
  while (echoed < fds_.size()) {
    epoll_event evs[512];
    int n = ::epoll_wait(ep.get(), evs, 512, msLeft(deadline));
    if (n <= 0)
      return fmt::format("warm-up: {} of {} connections echoed in time", echoed, fds_.size());
    for (int k = 0; k < n; ++k) {
      uint64_t i = evs[k].data.u64;  // a copy: epoll_event is packed
      int fd = fds_[i].get();
      char c;
      if (::recv(fd, &c, 1, MSG_DONTWAIT) != 1)
        return fmt::format("warm-up: connection {} closed", i);
      ::epoll_ctl(ep.get(), EPOLL_CTL_DEL, fd, nullptr);
      ++echoed;
    }
  }
  return "";
}

RoundsResult LoadClient::run(int rounds, size_t bytes, std::chrono::milliseconds perRoundTimeout) {
  RoundsResult r;
  std::string out(bytes, '\0'), in;
  in.reserve(bytes);
  auto start = Clock::now();
  for (int i = 0; i < rounds; ++i) {
    size_t which = (static_cast<size_t>(i) * 7919u) % fds_.size();  // spread over all
    std::fill(out.begin(), out.end(), static_cast<char>('a' + i % 26));
    if (!exchange(fds_[which].get(), out, in, Clock::now() + perRoundTimeout) || in != out) {
      r.error = fmt::format("round {} on connection {}: echo failed or timed out", i, which);
      return r;
    }
  }
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  r.ok = true;
  return r;
}

// Sends out and reads as many bytes back, interleaved (a large message must not
// deadlock against full buffers).
bool LoadClient::exchange(int fd, std::string_view out, std::string& in,
                          Clock::time_point deadline) {
  in.clear();
  size_t sent = 0;
  char buf[65536];
  while (in.size() < out.size()) {
    pollfd p{fd, static_cast<short>(POLLIN | (sent < out.size() ? POLLOUT : 0)), 0};
    if (::poll(&p, 1, msLeft(deadline)) <= 0) return false;
    if (sent < out.size() && (p.revents & POLLOUT)) {
      ssize_t n = ::send(fd, out.data() + sent, out.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0 && errno != EAGAIN) return false;
      if (n > 0) sent += static_cast<size_t>(n);
    }
    if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t n = ::recv(fd, buf, std::min(sizeof(buf), out.size() - in.size()), MSG_DONTWAIT);
      if (n == 0 || (n < 0 && errno != EAGAIN)) return false;
      if (n > 0) in.append(buf, static_cast<size_t>(n));
    }
  }
  return true;
}

}  // namespace tcpfault::bench
