#include "servers/core/Epoll.h"

#include <cerrno>

#include "netns/Error.h"

namespace tcpfault::servers {

Epoll::Epoll() : fd_(::epoll_create1(EPOLL_CLOEXEC)) {
  if (!fd_) throwErrno(errno, "epoll_create1");
}

namespace {
int control(int epfd, int op, int fd, uint32_t events, epoll_data_t data) {
  epoll_event ev{};
  ev.events = events;
  ev.data = data;
  return epoll_ctl(epfd, op, fd, &ev) < 0 ? errno : 0;
}
}  // namespace

int Epoll::add(int fd, uint32_t events, epoll_data_t data) {
  return control(fd_.get(), EPOLL_CTL_ADD, fd, events, data);
}
int Epoll::mod(int fd, uint32_t events, epoll_data_t data) {
  return control(fd_.get(), EPOLL_CTL_MOD, fd, events, data);
}
int Epoll::del(int fd) { return control(fd_.get(), EPOLL_CTL_DEL, fd, 0, dataFd(fd)); }

int Epoll::wait(std::span<epoll_event> events, int timeoutMs) {
  int n = epoll_wait(fd_.get(), events.data(), static_cast<int>(events.size()), timeoutMs);
  if (n < 0 && errno != EINTR) throwErrno(errno, "epoll_wait");
  return n < 0 ? 0 : n;
}

}  // namespace tcpfault::servers
