// Echo behaviour every echo server must have, TEST_P over the six of them.
#include <sys/epoll.h>
#include <sys/socket.h>

#include <thread>

#include "ServerTest.h"

namespace tcpfault::servertest {
namespace {

class EchoServers : public ServerTest, public testing::WithParamInterface<const char*> {};

// 64 MiB through a client with a 16 KiB receive buffer that reads 4 KiB at a time: the
// server meets full send buffers (EAGAIN, short writes) over and over and must neither
// lose, duplicate nor reorder a byte.
TEST_P(EchoServers, EchoesSixtyFourMiBByteExactThroughASlowReader) {
  auto server = start(GetParam());
  ASSERT_TRUE(server);
  constexpr size_t kTotal = 64u << 20;
  UniqueFd fd = connectTo(server->port());
  setRecvBuffer(fd.get(), 16 * 1024);
  auto deadline = after(90s);
  std::thread writer([&] {
    ByteStream bytes(42);
    std::string chunk(64 * 1024, '\0');
    for (size_t sent = 0; sent < kTotal; sent += chunk.size()) {
      bytes.fill(chunk.data(), chunk.size());
      if (!writeAll(fd.get(), chunk, deadline)) break;
    }
    ::shutdown(fd.get(), SHUT_WR);
  });
  ByteStream expected(42);
  std::string want(4096, '\0');
  size_t got = 0, firstMismatch = kTotal;
  while (got < kTotal) {
    auto part = readExactly(fd.get(), want.size(), deadline);
    if (!part) break;
    expected.fill(want.data(), want.size());
    if (*part != want && firstMismatch == kTotal) firstMismatch = got;
    got += part->size();
  }
  writer.join();
  EXPECT_EQ(got, kTotal);
  EXPECT_EQ(firstMismatch, kTotal) << "first wrong 4 KiB block at offset " << firstMismatch;
  EXPECT_TRUE(awaitClosed(fd.get(), after(10s))) << "no EOF after the half-close";
  expectCleanExit(*server);
}

// 1,000 clients connected at once, each echoing its own 4 KiB.
TEST_P(EchoServers, ServesAThousandConcurrentClients) {
  auto server = start(GetParam());
  ASSERT_TRUE(server);
  constexpr int kClients = 1000;
  constexpr size_t kSize = 4096;
  std::vector<UniqueFd> fds;
  std::vector<std::string> sent(kClients, std::string(kSize, '\0')), got(kClients);
  for (int i = 0; i < kClients; ++i) fds.push_back(connectTo(server->port(), true));
  auto deadline = after(60s);
  for (int i = 0; i < kClients; ++i) {
    ByteStream(static_cast<uint64_t>(i) + 1).fill(sent[i].data(), kSize);
    ASSERT_TRUE(writeAll(fds[i].get(), sent[i], deadline)) << "client " << i;
  }
  UniqueFd ep(::epoll_create1(EPOLL_CLOEXEC));
  for (int i = 0; i < kClients; ++i) {
    epoll_event ev{EPOLLIN, {.u64 = static_cast<uint64_t>(i)}};
    ::epoll_ctl(ep.get(), EPOLL_CTL_ADD, fds[i].get(), &ev);
  }
  int complete = 0;
  while (complete < kClients && Clock::now() < deadline) {
    epoll_event evs[256];
    int n = ::epoll_wait(ep.get(), evs, 256, 1000);
    for (int k = 0; k < n; ++k) {
      auto i = static_cast<size_t>(evs[k].data.u64);
      char buf[kSize];
      ssize_t r = ::recv(fds[i].get(), buf, kSize - got[i].size(), MSG_DONTWAIT);
      if (r > 0) got[i].append(buf, static_cast<size_t>(r));
      if (r == 0 || got[i].size() == kSize) {
        ::epoll_ctl(ep.get(), EPOLL_CTL_DEL, fds[i].get(), nullptr);
        complete += got[i] == sent[i] ? 1 : 0;
      }
    }
  }
  EXPECT_EQ(complete, kClients);
  fds.clear();
  expectCleanExit(*server);
}

// 100 clients flood the server without reading, then reset (SO_LINGER 0) while it is
// writing to them: no SIGPIPE death, and the server serves a new client afterwards.
TEST_P(EchoServers, SurvivesAHundredClientsResettingWhileItWrites) {
  auto server = start(GetParam());
  ASSERT_TRUE(server);
  std::vector<UniqueFd> fds;
  std::string flood(256 * 1024, 'x');
  for (int i = 0; i < 100; ++i) {
    UniqueFd fd = connectTo(server->port(), true);
    setRecvBuffer(fd.get(), 4096);
    ::send(fd.get(), flood.data(), flood.size(), MSG_NOSIGNAL);  // as much as fits now
    fds.push_back(std::move(fd));
  }
  for (auto& fd : fds) setLingerZero(fd.get());
  fds.clear();  // 100 RSTs
  ASSERT_TRUE(server->running()) << describeStatus(server->awaitExit(0ms)) << "\n"
                                 << server->stderrText();
  UniqueFd fresh = connectTo(server->port());
  ASSERT_TRUE(writeAll(fresh.get(), "still there?\n", after(10s)));
  EXPECT_EQ(readExactly(fresh.get(), 13, after(10s)).value_or("<nothing>"), "still there?\n");
  fresh.reset();
  expectCleanExit(*server);
}

// Half-close: the client sends, shuts its side down, and still gets every byte back,
// then EOF (the server honours the FIN only after flushing what it owes).
TEST_P(EchoServers, HonoursHalfClose) {
  auto server = start(GetParam());
  ASSERT_TRUE(server);
  UniqueFd fd = connectTo(server->port());
  std::string data(300 * 1024, '\0');
  ByteStream(7).fill(data.data(), data.size());
  std::string echoed;
  std::thread reader([&] { echoed = readToEof(fd.get(), after(30s)).value_or("<timeout>"); });
  EXPECT_TRUE(writeAll(fd.get(), data, after(30s)));
  ::shutdown(fd.get(), SHUT_WR);
  reader.join();
  EXPECT_EQ(echoed.size(), data.size());
  EXPECT_TRUE(echoed == data);
  expectCleanExit(*server);
}

INSTANTIATE_TEST_SUITE_P(AllEchoServers, EchoServers, testing::ValuesIn(registeredServers("echo")),
                         serverParamName);

}  // namespace
}  // namespace tcpfault::servertest
