#include "RstBeforeAccept.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>

#include "netns/Error.h"
#include "netns/UniqueFd.h"

namespace tcpfault::testing {
namespace {

sockaddr_in address(const char* ip, uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  inet_pton(AF_INET, ip, &a.sin_addr);
  return a;
}

UniqueFd tcpSocket() {
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) throwErrno(errno, "socket");
  return fd;
}

void bindTo(const UniqueFd& fd, sockaddr_in a) {
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throwErrno(errno, "bind");
}

}  // namespace

void rstBeforeAccept() {
  UniqueFd listener = tcpSocket();
  bindTo(listener, address("127.0.0.2", 0));
  if (::listen(listener.get(), 4) != 0) throwErrno(errno, "listen");
  sockaddr_in server{};
  socklen_t len = sizeof server;
  ::getsockname(listener.get(), reinterpret_cast<sockaddr*>(&server), &len);

  UniqueFd client = tcpSocket();
  bindTo(client, address("127.0.0.1", 0));
  if (::connect(client.get(), reinterpret_cast<sockaddr*>(&server), sizeof server) != 0)
    throwErrno(errno, "connect");
  linger abortive{1, 0};  // close sends RST instead of FIN (UNP 7.5)
  if (::setsockopt(client.get(), SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive) != 0)
    throwErrno(errno, "SO_LINGER");
  client.reset();
}

}  // namespace tcpfault::testing
