// The agent's connect: a bounded connect (`timeout MS`) is non-blocking only while it
// waits; the socket it leaves is blocking, also when the connect succeeded at once.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "netns/UniqueFd.h"
#include "scenarios/runner/agent/ConnectCall.h"

namespace tcpfault::scenario {
namespace {

// A listening AF_UNIX socket (abstract name): its connect completes at once, no
// EINPROGRESS, even on a non-blocking socket.
struct UnixListener {
  UniqueFd fd{::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)};
  SockAddr addr;
  UnixListener() {
    sockaddr_un un{};
    un.sun_family = AF_UNIX;
    std::string name = "tcpfault-connect-call-" + std::to_string(::getpid());
    std::memcpy(un.sun_path + 1, name.data(), name.size());  // sun_path[0] = 0: abstract
    addr.len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + name.size());
    std::memcpy(&addr.ss, &un, addr.len);
    if (::bind(fd.get(), addr.sa(), addr.len) < 0 || ::listen(fd.get(), 8) < 0) fd = UniqueFd();
  }
};

bool nonBlocking(int fd) { return (::fcntl(fd, F_GETFL) & O_NONBLOCK) != 0; }

TEST(ConnectCall, ABoundedConnectThatSucceedsAtOnceLeavesTheSocketBlocking) {
  UnixListener l;
  ASSERT_TRUE(l.fd) << "cannot listen on an abstract AF_UNIX name";
  UniqueFd fd{::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)};
  auto r = connectCall(fd.get(), l.addr, 1000, false);
  ASSERT_EQ(r.ret, 0) << "errno " << r.err;
  EXPECT_FALSE(r.blocked);
  EXPECT_FALSE(nonBlocking(fd.get())) << "a later read on it would not block";
}

TEST(ConnectCall, ANonBlockingConnectStaysNonBlocking) {
  UnixListener l;
  ASSERT_TRUE(l.fd);
  UniqueFd fd{::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)};
  auto r = connectCall(fd.get(), l.addr, 1000, true);
  EXPECT_EQ(r.ret, 0) << "errno " << r.err;
  EXPECT_TRUE(nonBlocking(fd.get()));
}

TEST(ConnectCall, AFailedBoundedConnectReportsItsErrno) {
  UniqueFd fd{::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)};
  SockAddr none;
  sockaddr_un un{};
  un.sun_family = AF_UNIX;
  std::memcpy(un.sun_path + 1, "tcpfault-nobody-listens", 23);
  none.len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + 23);
  std::memcpy(&none.ss, &un, none.len);
  auto r = connectCall(fd.get(), none, 1000, false);
  EXPECT_EQ(r.ret, -1);
  EXPECT_EQ(r.err, ECONNREFUSED);
  EXPECT_FALSE(nonBlocking(fd.get()));
}

}  // namespace
}  // namespace tcpfault::scenario
