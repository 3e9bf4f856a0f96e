#include "netns/SocketDiag.h"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "netns/Error.h"
#include "netns/Host.h"
#include "netns/UniqueFd.h"

namespace tcpfault::netns {

namespace {

constexpr std::array<const char*, 13> kStates = {
    "UNKNOWN",    "ESTABLISHED", "SYN_SENT",   "SYN_RECV",  "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
    "CLOSE",      "CLOSE_WAIT",  "LAST_ACK",   "LISTEN",    "CLOSING",   "NEW_SYN_RECV"};

std::string addrString(int family, const __be32* words) {
  char buf[INET6_ADDRSTRLEN] = {};
  ::inet_ntop(family, words, buf, sizeof buf);
  return buf;
}

SocketInfo toInfo(const inet_diag_msg& m) {
  SocketInfo s;
  s.state = tcpStateName(m.idiag_state);
  s.local = addrString(m.idiag_family, m.id.idiag_src);
  s.remote = addrString(m.idiag_family, m.id.idiag_dst);
  s.localPort = ntohs(m.id.idiag_sport);
  s.remotePort = ntohs(m.id.idiag_dport);
  s.recvQ = m.idiag_rqueue;
  s.sendQ = m.idiag_wqueue;
  s.inode = m.idiag_inode;
  return s;
}

void sendRequest(int fd, uint8_t family) {
  struct {
    nlmsghdr nlh;
    inet_diag_req_v2 req;
  } msg{};
  msg.nlh.nlmsg_len = sizeof msg;
  msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  msg.req.sdiag_family = family;
  msg.req.sdiag_protocol = IPPROTO_TCP;
  msg.req.idiag_states = ~0U;
  if (::send(fd, &msg, sizeof msg, 0) < 0) throwErrno(errno, "sock_diag request");
}

// Reads the dump's replies into out; false once NLMSG_DONE arrived.
bool readReplies(int fd, std::vector<SocketInfo>& out) {
  alignas(nlmsghdr) char buf[32768];
  ssize_t n = ::recv(fd, buf, sizeof buf, 0);
  if (n < 0) {
    if (errno == EINTR) return true;
    throwErrno(errno, "sock_diag recv");
  }
  int len = static_cast<int>(n);
  for (auto* h = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
    if (h->nlmsg_type == NLMSG_DONE) return false;
    if (h->nlmsg_type == NLMSG_ERROR) {
      auto* e = static_cast<nlmsgerr*>(NLMSG_DATA(h));
      throwErrno(-e->error, "sock_diag dump");
    }
    out.push_back(toInfo(*static_cast<inet_diag_msg*>(NLMSG_DATA(h))));
  }
  return true;
}

}  // namespace

namespace {

std::vector<SocketInfo> dump(const UniqueFd& fd) {
  std::vector<SocketInfo> out;
  for (uint8_t family : {AF_INET, AF_INET6}) {
    sendRequest(fd.get(), family);
    while (readReplies(fd.get(), out)) {
    }
  }
  return out;
}

}  // namespace

std::vector<SocketInfo> tcpSockets(Host& h) {
  UniqueFd fd;
  h.enter([&] {  // a netlink socket belongs to the namespace it was created in
    fd = UniqueFd(::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG));
  });
  if (!fd) throwErrno(errno, fmt::format("sock_diag socket in host {}", h.name()));
  return dump(fd);
}

std::vector<SocketInfo> tcpSocketsHere() {
  UniqueFd fd(::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG));
  if (!fd) throwErrno(errno, "sock_diag socket");
  return dump(fd);
}

std::string tcpStateName(int state) {
  if (state > 0 && state < static_cast<int>(kStates.size())) return kStates[state];
  return fmt::format("STATE_{}", state);
}

std::optional<int> tcpStateFromName(std::string_view name) {
  for (size_t i = 1; i < kStates.size(); ++i)
    if (name == kStates[i]) return static_cast<int>(i);
  return std::nullopt;
}

}  // namespace tcpfault::netns
