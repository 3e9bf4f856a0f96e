// Shared by the wire tests: a client - router - server topology with an echo server
// (port 9877) and a sink (port 9878: reads to EOF, answers the byte count), a Wire on its
// router, and bounded socket helpers. Blocking calls carry SO_RCVTIMEO/SO_SNDTIMEO bounds.
#pragma once

#include <netinet/tcp.h>
#include <sys/socket.h>

#include <memory>
#include <string>

#include "netns/MibCounters.h"
#include "netns/Topology.h"
#include "netns/wire/Wire.h"
#include "tests/netns/NetnsTestSupport.h"

namespace tcpfault::netns::wire::test {

using namespace std::chrono_literals;
using netns::test::connectFrom;
using netns::test::IoResult;
using netns::test::recvBounded;
using netns::test::sendAll;
constexpr uint16_t kEchoPort = 9877;
constexpr uint16_t kSinkPort = 9878;

// Reads each connection to EOF, then writes the byte count as text and closes.
inline int sinkServer(uint16_t port) {
  int ls = ::socket(AF_INET6, SOCK_STREAM, 0);
  int one = 1, zero = 0;
  ::setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  ::setsockopt(ls, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
  sockaddr_in6 a{};
  a.sin6_family = AF_INET6;
  a.sin6_port = htons(port);
  if (::bind(ls, reinterpret_cast<sockaddr*>(&a), sizeof a) < 0 || ::listen(ls, 16) < 0) return 1;
  static const char ready[] = "listening\n";
  (void)!::write(1, ready, sizeof ready - 1);
  for (;;) {
    int c = ::accept(ls, nullptr, nullptr);
    if (c < 0) continue;
    static char buf[1 << 16];
    long total = 0;
    for (ssize_t n; (n = ::recv(c, buf, sizeof buf, 0)) > 0;) total += n;
    std::string s = std::to_string(total);
    (void)!::send(c, s.data(), s.size(), MSG_NOSIGNAL);
    ::close(c);
  }
}

class WireTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TCPFAULT_REQUIRE_NETNS();
    topo = std::make_unique<Topology>(std::vector<std::string>{"client", "server"});
    echo = topo->host("server").fork([] { return netns::test::echoServer(kEchoPort); });
    sink = topo->host("server").fork([] { return sinkServer(kSinkPort); });
    ASSERT_TRUE(echo.waitForOutput("listening", 5s)) << echo.output();
    ASSERT_TRUE(sink.waitForOutput("listening", 5s)) << sink.output();
    wire = std::make_unique<Wire>(*topo);
    c2s = Direction::between(*topo, "client", "server");
    s2c = c2s.reversed();
  }
  void TearDown() override {
    wire.reset();
    echo = Child();
    sink = Child();
    topo.reset();
  }

  // A connection to the echo server, over IPv6 when asked; TCP_NODELAY: one write, one segment.
  UniqueFd connectEcho(bool ipv6 = false) {
    UniqueFd fd;
    auto r = connectFrom(topo->host("client"), ipv6 ? topo->address6("server") : topo->address("server"),
                         kEchoPort, fd);
    EXPECT_EQ(r.ret, 0) << r.describe();
    int one = 1;
    ::setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
  }
  // One message there and back; returns the round trip.
  std::chrono::milliseconds exchange(int fd, const std::string& msg) {
    auto t0 = std::chrono::steady_clock::now();
    EXPECT_EQ(sendAll(fd, msg).ret, static_cast<ssize_t>(msg.size()));
    std::string got;
    while (got.size() < msg.size()) {
      auto r = recvBounded(fd, 10s);
      if (r.ret <= 0) {
        ADD_FAILURE() << "echo of " << msg << ": " << r.describe();
        break;
      }
      got += r.data;
    }
    EXPECT_EQ(got, msg);
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 t0);
  }
  // Sends `bytes` to the sink and awaits its count; nullopt if not done within bound.
  std::optional<std::chrono::milliseconds> bulk(size_t bytes, std::chrono::seconds bound) {
    UniqueFd fd;
    if (connectFrom(topo->host("client"), topo->address("server"), kSinkPort, fd).ret != 0)
      return std::nullopt;
    timeval tv{static_cast<time_t>(bound.count()), 0};
    ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    auto t0 = std::chrono::steady_clock::now();
    std::string chunk(1 << 16, 'x');
    for (size_t sent = 0; sent < bytes;) {
      ssize_t n = ::send(fd.get(), chunk.data(), std::min(chunk.size(), bytes - sent), MSG_NOSIGNAL);
      if (n <= 0) return std::nullopt;
      sent += static_cast<size_t>(n);
      if (std::chrono::steady_clock::now() - t0 > bound) return std::nullopt;
    }
    ::shutdown(fd.get(), SHUT_WR);
    auto r = recvBounded(fd.get(), bound);
    if (r.data != std::to_string(bytes)) return std::nullopt;
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 t0);
  }
  MibCounters mib(const std::string& host) { return MibCounters::read(topo->host(host)); }

  std::unique_ptr<Topology> topo;
  Child echo, sink;
  std::unique_ptr<Wire> wire;
  Direction c2s, s2c;
};

}  // namespace tcpfault::netns::wire::test
