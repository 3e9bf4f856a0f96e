// The engine under a million packets: every packet the kernel queued gets exactly one
// verdict, none stays held, and the process does not grow.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <sstream>

#include "tests/wire/WireTestSupport.h"

namespace tcpfault::netns::wire::test {
namespace {

// A million packets through the engine leave its memory where it was, within 64 MiB.
// Under ASan freed blocks wait in its quarantine (256 MiB by default) before they are
// reused, so the bound there is the quarantine's.
#if defined(__SANITIZE_ADDRESS__)
constexpr long kRssGrowthBoundKiB = 320 * 1024;
#else
constexpr long kRssGrowthBoundKiB = 64 * 1024;
#endif

constexpr size_t kPackets = 1'000'000;

// queue 7's line of /proc/net/netfilter/nfnetlink_queue in the router: waiting, dropped
// by a full queue, dropped because the socket could not take it.
struct KernelQueue {
  uint64_t waiting = 0, queueDropped = 0, userDropped = 0;
};
KernelQueue kernelQueue(Host& router) {
  KernelQueue q;
  router.enter([&] {
    std::ifstream f("/proc/thread-self/net/netfilter/nfnetlink_queue");
    for (std::string line; std::getline(f, line);) {
      std::istringstream in(line);
      uint64_t num, portid, total, mode, range, qd, ud;
      if (in >> num >> portid >> total >> mode >> range >> qd >> ud && num == 7)
        q = {total, qd, ud};
    }
  });
  return q;
}

long rssKiB() {
  std::ifstream f("/proc/self/status");
  for (std::string line; std::getline(f, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

// kPackets small UDP datagrams client > server, in sendmmsg batches, paced so that at
// most kInFlight wait in the queue (the socket buffer holds ~20k queue messages):
// inFlight() reports what the kernel queued but the engine has not read.
constexpr uint64_t kInFlight = 8000;
void flood(Topology& t, const std::function<uint64_t()>& taken) {
  t.host("client").enter([&] {
    UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(9999);
    ::inet_pton(AF_INET, t.address("server").c_str(), &to.sin_addr);
    // Not connected: the server's ICMP port unreachable must not fail later sends.
    char byte = 'u';
    iovec iov{&byte, 1};
    std::vector<mmsghdr> msgs(64);
    for (auto& m : msgs) m.msg_hdr = msghdr{&to, sizeof to, &iov, 1, nullptr, 0, 0};
    for (size_t sent = 0; sent < kPackets;) {
      if (sent % 1024 == 0)
        netns::test::awaitUntil([&] { return sent - taken() < kInFlight; }, 5000ms);
      int n = ::sendmmsg(fd.get(), msgs.data(),
                         static_cast<unsigned>(std::min<size_t>(64, kPackets - sent)), 0);
      ASSERT_GT(n, 0) << tcpfault::errnoName(errno);
      sent += static_cast<size_t>(n);
    }
  });
}

TEST_F(WireTest, EngineUnderAMillionPacketsAnswersEachOnceAndHoldsNothing) {
  Match udp;
  udp.protocol = IPPROTO_UDP;
  auto id = wire->add(Delay{Selector{c2s, udp}, std::chrono::milliseconds(1)});
  long rss0 = rssKiB();
  UniqueFd warm = connectEcho();  // neighbours resolved: no packet waits on ARP
  exchange(warm.get(), "warm");
  auto t0 = std::chrono::steady_clock::now();
  flood(*topo, [&] {
    auto k = kernelQueue(topo->router());
    return wire->engineTotals().queued + k.queueDropped + k.userDropped;
  });
  std::cout << "[stress] sent in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()
            << " s\n";
  ASSERT_TRUE(netns::test::awaitUntil(
      [&] {
        auto e = wire->engineTotals();
        return e.held == 0 && e.queued == e.verdicts && kernelQueue(topo->router()).waiting == 0;
      },
      30000ms))
      << "verdicts pending: held " << wire->engineTotals().held;
  auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto e = wire->engineTotals();
  auto k = kernelQueue(topo->router());
  uint64_t jumped = wire->kernelMatched(id);
  EXPECT_EQ(jumped, kPackets);
  EXPECT_EQ(e.queued + k.queueDropped + k.userDropped, jumped)
      << "queued " << e.queued << " queue-full " << k.queueDropped << " socket-full "
      << k.userDropped;
  EXPECT_GE(e.queued, kPackets * 9 / 10) << "the engine lost more than 10 % to overflow";
  EXPECT_EQ(wire->stats(id).delayed, e.queued);
  long grew = rssKiB() - rss0;
  std::cout << "[stress] resident memory grew " << grew << " KiB\n";
  EXPECT_LT(grew, kRssGrowthBoundKiB) << "engine memory grew (KiB)";
  std::cout << "[stress] " << e.queued << " queued, " << e.verdicts << " verdicts, "
            << k.queueDropped << "+" << k.userDropped << " kernel drops, " << secs << " s, "
            << e.queued / secs << " pkt/s\n";
}

}  // namespace
}  // namespace tcpfault::netns::wire::test
