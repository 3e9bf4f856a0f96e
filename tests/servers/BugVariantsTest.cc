// The deliberately buggy variants (--bug-*): each must fail the check the correct server
// passes, proving that the checks -- and the scenarios built on them -- can fail.
#include <sys/socket.h>

#include <thread>

#include "ChatClients.h"
#include "ServerTest.h"

namespace tcpfault::servertest {
namespace {

class BugVariants : public ServerTest {};

// Echoes `total` bytes through a client with a small receive buffer; the bytes that
// came back intact before EOF or the deadline.
size_t echoThroughSlowReader(uint16_t port, size_t total, std::chrono::milliseconds limit) {
  UniqueFd fd = connectTo(port, false, 16 * 1024);
  auto deadline = after(limit);
  std::thread writer([&] {
    ByteStream bytes(9);
    std::string chunk(64 * 1024, '\0');
    for (size_t sent = 0; sent < total; sent += chunk.size()) {
      bytes.fill(chunk.data(), chunk.size());
      if (!writeAll(fd.get(), chunk, deadline)) break;
    }
    ::shutdown(fd.get(), SHUT_WR);
  });
  ByteStream expected(9);
  std::string want(4096, '\0');
  size_t good = 0;
  while (good < total) {
    auto part = readExactly(fd.get(), want.size(), deadline);
    expected.fill(want.data(), want.size());
    if (!part || *part != want) break;
    good += want.size();
  }
  ::shutdown(fd.get(), SHUT_RDWR);  // unblock the writer
  writer.join();
  return good;
}

TEST_F(BugVariants, LoseEagainLosesBytes) {
  constexpr size_t kTotal = 16u << 20;
  auto good = start("epoll-et-echo");
  auto bad = start("epoll-et-echo", {"--bug-lose-eagain"});
  ASSERT_TRUE(good && bad);
  EXPECT_EQ(echoThroughSlowReader(good->port(), kTotal, 30s), kTotal);
  // Loses bytes whenever a send meets EAGAIN; a 16 KiB window makes that near certain,
  // a loaded machine might still let one run through: up to 3 tries.
  size_t intact = kTotal;
  for (int attempt = 0; attempt < 3 && intact == kTotal; ++attempt)
    intact = echoThroughSlowReader(bad->port(), kTotal, 10s);
  EXPECT_LT(intact, kTotal);
}

// 4 MiB in one burst: the no-drain variant reads 64 KiB per edge and leaves the rest.
TEST_F(BugVariants, NoDrainStallsOnABurst) {
  std::string burst(4u << 20, 'b');
  for (const char* bug : {"", "--bug-no-drain"}) {
    auto server =
        start("epoll-et-echo", *bug ? std::vector<std::string>{bug} : std::vector<std::string>{});
    ASSERT_TRUE(server);
    UniqueFd fd = connectTo(server->port());
    std::thread writer([&] { writeAll(fd.get(), burst, after(5s)); });
    bool echoed = readExactly(fd.get(), burst.size(), after(3s)).has_value();
    ::shutdown(fd.get(), SHUT_RDWR);
    writer.join();
    EXPECT_EQ(echoed, !*bug) << (*bug ? bug : "correct server");
  }
}

// The client floods without reading until everything is full, then resets. The correct
// server's send gets ECONNRESET and it closes the connection; the naive one ignores
// that, reads on, writes again and dies of SIGPIPE (UNP 5.13).
TEST_F(BugVariants, SigpipeKillsTheNaiveServerOnly) {
  for (const char* bug : {"", "--bug-sigpipe"}) {
    auto server =
        start("epoll-et-echo", *bug ? std::vector<std::string>{bug} : std::vector<std::string>{});
    ASSERT_TRUE(server);
    UniqueFd fd = connectTo(server->port(), true, 4096);
    std::string flood(1 << 20, 'f');
    // Saturated when the send buffer takes nothing more for 300 ms.
    while (writeAll(fd.get(), flood, after(300ms))) {
    }
    setLingerZero(fd.get());
    fd.reset();  // RST
    auto status = server->awaitExit(*bug ? 10s : 1s);
    if (*bug) {
      EXPECT_EQ(describeStatus(status), "killed by SIGPIPE") << server->stderrText();
    } else {
      EXPECT_FALSE(status.has_value()) << describeStatus(status) << server->stderrText();
      expectCleanExit(*server);
    }
  }
}

// The Chinese article's errno-before-return-value bug: no message is ever echoed and
// the connection is closed as if the peer had left.
TEST_F(BugVariants, ErrnoUncheckedDropsDataAndCloses) {
  for (const char* bug : {"", "--bug-errno-unchecked"}) {
    auto server =
        start("epoll-et-echo", *bug ? std::vector<std::string>{bug} : std::vector<std::string>{});
    ASSERT_TRUE(server);
    for (int round = 0; round < 2; ++round) {
      UniqueFd fd = connectTo(server->port());
      ASSERT_TRUE(writeAll(fd.get(), "hi\n", after(5s)));
      auto echoed = readExactly(fd.get(), 3, after(5s));
      EXPECT_EQ(echoed.has_value(), !*bug) << (*bug ? bug : "correct server") << " round " << round;
    }
    expectCleanExit(*server);
  }
}

// Blocking sends to a client that stopped reading stall every other client.
TEST_F(BugVariants, ChatBlockOnSlowStallsEveryone) {
  auto server = start("epoll-chat", {"--bug-block-on-slow"});
  ASSERT_TRUE(server);
  SlowChatOutcome out = runSlowReader(server->port(), 16 << 20, after(5s));
  EXPECT_FALSE(out.readerGotAll) << "the reader was not stalled";
  EXPECT_LT(out.readerLines, out.sentLines);
  server.reset();  // SIGKILL: it is blocked in send() by design
}

}  // namespace
}  // namespace tcpfault::servertest
