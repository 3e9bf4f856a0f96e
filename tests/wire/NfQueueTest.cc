// The NFQUEUE binding alone: bound in the router's namespace while the object lives,
// free again when it is gone, and a second binding of the same number refused.
#include "netns/wire/NfQueue.h"

#include <gtest/gtest.h>

#include <fstream>
#include <stdexcept>

#include "tests/wire/WireTestSupport.h"

namespace tcpfault::netns::wire::test {
namespace {

constexpr uint16_t kTestQueue = 77;

// Whether queue `num` is bound in the namespace of netnsFd (nfnetlink_queue's proc file).
bool bound(int netnsFd, uint16_t num) {
  NetnsGuard in(netnsFd);
  std::ifstream f("/proc/thread-self/net/netfilter/nfnetlink_queue");
  for (unsigned n = 0; f >> n;) {
    if (n == num) return true;
    f.ignore(4096, '\n');
  }
  return false;
}

TEST_F(WireTest, NfQueueIsBoundWhileItLives) {
  int router = topo->host("router").netnsFd();
  ASSERT_FALSE(bound(router, kTestQueue));
  {
    NfQueue q(router, kTestQueue, 16, [](const QueuedPacket&) {});
    EXPECT_GE(q.fd(), 0);
    EXPECT_TRUE(bound(router, kTestQueue));
    q.readBatch(4);  // nothing queued: returns at once
  }
  EXPECT_FALSE(bound(router, kTestQueue));
  NfQueue again(router, kTestQueue, 16, [](const QueuedPacket&) {});  // the number is free
  EXPECT_TRUE(bound(router, kTestQueue));
}

TEST_F(WireTest, NfQueueRefusesANumberAlreadyBound) {
  int router = topo->host("router").netnsFd();
  NfQueue first(router, kTestQueue, 16, [](const QueuedPacket&) {});
  try {
    NfQueue second(router, kTestQueue, 16, [](const QueuedPacket&) {});
    FAIL() << "a second binding of queue " << kTestQueue << " was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("nfq_create_queue 77"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(bound(router, kTestQueue));  // the failed one did not take the first down
}

}  // namespace
}  // namespace tcpfault::netns::wire::test
