// What the engine loses without a rule asking is counted (the kernel's nfnetlink_queue
// counters), and an exception in its thread is reported, not std::terminate.
#include <netinet/in.h>
#include <sys/socket.h>

#include <stdexcept>

#include "netns/wire/Engine.h"
#include "tests/support/AwaitUntil.h"
#include "tests/wire/WireTestSupport.h"

namespace tcpfault::netns::wire::test {
namespace {

// A queue of 8 and every datagram held 2 s: of 40 datagrams 32 find the queue full.
TEST_F(WireTest, AFullQueueIsCountedAsLost) {
  wire.reset();
  WireOptions opts;
  opts.queueMaxLen = 8;
  wire = std::make_unique<Wire>(*topo, opts);
  Match udp;
  udp.protocol = IPPROTO_UDP;
  wire->add(Delay{Selector{c2s, udp}, 2s});
  std::string server = topo->address("server");
  Child sender = topo->host("client").fork([server] {
    int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(9999);
    ::inet_pton(AF_INET, server.c_str(), &a.sin_addr);
    for (int i = 0; i < 40; ++i) ::sendto(fd, "x", 1, 0, reinterpret_cast<sockaddr*>(&a), sizeof a);
    return 0;
  });
  ASSERT_TRUE(sender.waitFor(10s));
  EngineLosses l = wire->engineLosses();
  EXPECT_EQ(l.queueFull, 32u) << l.describe();
  EXPECT_NE(l.describe().find("32 packet(s) lost that no rule dropped (queue full: 32"), std::string::npos)
      << l.describe();
  wire->clear();  // a stopped engine's losses are kept
  EXPECT_EQ(wire->engineLosses().queueFull, 32u);
}

TEST_F(WireTest, NothingLostWhenTheQueueKeepsUp) {
  wire->add(Delay{Selector{c2s, Match::tcp()}, 1ms});
  UniqueFd fd = connectEcho();
  exchange(fd.get(), "hello");
  EXPECT_FALSE(wire->engineLosses().any()) << wire->engineLosses().describe();
}

// Was: an exception escaping the engine thread ended the whole runner (std::terminate).
TEST_F(WireTest, AnExceptionInTheEngineThreadIsReported) {
  wire.reset();
  Engine engine(topo->router().netnsFd(), 7);
  engine.postForTest([] { throw std::runtime_error("boom"); });
  EXPECT_TRUE(testsupport::awaitUntil([&] { return !engine.losses().failure.empty(); }, 5s));
  EXPECT_EQ(engine.losses().describe(), "engine thread failed: boom");
  // A dead thread is configured no more: adding and removing rules returns, never hangs.
  engine.add(1, Drop{Selector{c2s, Match::data(), 1}});
  engine.remove(1);
}

}  // namespace
}  // namespace tcpfault::netns::wire::test
