#include "netns/wire/RawSender.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "netns/Error.h"
#include "netns/Host.h"
#include "netns/Sysctl.h"
#include "netns/wire/Packet.h"

namespace tcpfault::netns::wire {
namespace {

UniqueFd rawSocket(int family) {
  UniqueFd fd(::socket(family, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW));
  if (!fd) throwErrno(errno, "socket(SOCK_RAW, IPPROTO_RAW) in the router");
  return fd;
}

}  // namespace

RawSender::RawSender(int routerNetnsFd) {
  NetnsGuard in(routerNetnsFd);
  v4_ = rawSocket(AF_INET);
  if (kernelHasIpv6()) v6_ = rawSocket(AF_INET6);  // without IPv6 the hosts speak IPv4 only
}

bool RawSender::send(const std::vector<uint8_t>& pkt) const {
  PacketView v = parsePacket(pkt.data(), pkt.size());
  if (!v.ok) {
    errno = EINVAL;
    return false;
  }
  sockaddr_in6 a{};
  socklen_t len = sizeof a;
  if (v.family == AF_INET) {
    auto* a4 = reinterpret_cast<sockaddr_in*>(&a);
    a4->sin_family = AF_INET;
    std::memcpy(&a4->sin_addr, &v.dst.addr, 4);
    len = sizeof(sockaddr_in);
  } else {
    a.sin6_family = AF_INET6;
    a.sin6_addr = v.dst.addr;
    if (!v6_) {
      errno = EAFNOSUPPORT;
      return false;
    }
  }
  return ::sendto(v.family == AF_INET ? v4_.get() : v6_.get(), pkt.data(), pkt.size(), 0,
                  reinterpret_cast<sockaddr*>(&a), len) > 0;
}

}  // namespace tcpfault::netns::wire
