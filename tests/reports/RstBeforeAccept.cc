#include "RstBeforeAccept.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>

#include "netns/Error.h"

namespace tcpfault::reporttest {
namespace {

sockaddr_in address(const char* ip, uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  inet_pton(AF_INET, ip, &a.sin_addr);
  return a;
}

void bindTo(const UniqueFd& fd, const char* ip) {
  sockaddr_in a = address(ip, 0);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0)
    throwErrno(errno, std::string("bind ") + ip);
}

}  // namespace

UniqueFd tcpSocket() {
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) throwErrno(errno, "socket");
  return fd;
}

UniqueFd listenOn(const char* ip) {
  UniqueFd fd = tcpSocket();
  bindTo(fd, ip);
  if (::listen(fd.get(), 4) != 0) throwErrno(errno, "listen");
  return fd;
}

uint16_t localPort(const UniqueFd& fd) {
  sockaddr_in a{};
  socklen_t len = sizeof a;
  if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&a), &len) != 0)
    throwErrno(errno, "getsockname");
  return ntohs(a.sin_port);
}

int connectTo(const UniqueFd& fd, const char* ip, uint16_t port) {
  sockaddr_in a = address(ip, port);
  return ::connect(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 ? 0 : errno;
}

void abortiveClose(UniqueFd fd) {
  linger abortive{1, 0};
  if (::setsockopt(fd.get(), SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive) != 0)
    throwErrno(errno, "SO_LINGER");
}

void rstBeforeAccept() {
  UniqueFd listener = listenOn("127.0.0.2");
  UniqueFd client = tcpSocket();
  bindTo(client, "127.0.0.1");
  if (int err = connectTo(client, "127.0.0.2", localPort(listener))) throwErrno(err, "connect");
  abortiveClose(std::move(client));
}

}  // namespace tcpfault::reporttest
