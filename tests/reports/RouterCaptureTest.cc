// Capture on a real router (client -- router -- server namespaces joined by veths): "any"
// sees each forwarded packet twice, yet the segments hold each once; what the router sends
// itself (ICMP host unreachable) is kept; the pcap file reads back to the same list.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>

#include "RouterTopology.h"
#include "RstBeforeAccept.h"
#include "TempDir.h"
#include "ThreadNetns.h"
#include "reports/Capture.h"
#include "reports/PcapReader.h"

namespace tcpfault::report {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
namespace t = tcpfault::testing;

// "client>server SA", "router>client ICMP host unreachable"
std::vector<std::string> describe(const std::vector<Segment>& segments) {
  std::vector<std::string> out;
  for (const Segment& s : segments)
    out.push_back(s.src + ">" + s.dst + " " + (s.icmp ? "ICMP " + s.icmpText : s.flags));
  return out;
}

// At least one SYN to the unreachable net, and as many ICMP errors as such SYNs.
bool allAnswered(const std::vector<Segment>& segments) {
  size_t syns = 0, errors = 0;
  for (const Segment& s : segments) {
    if (s.dst == "198.18.3.1") ++syns;
    if (s.icmp) ++errors;
  }
  return syns > 0 && syns == errors;
}

// Makes a socket in a namespace (it stays there whichever thread uses it).
UniqueFd socketIn(int netns, const std::function<UniqueFd()>& make) {
  UniqueFd fd;
  t::runInNetns(netns, [&] { fd = make(); });
  return fd;
}

class RouterCapture : public ::testing::Test {
 protected:
  void SetUp() override {
    topo_ = t::makeRouterTopology();
    if (!topo_.ok()) GTEST_SKIP() << "needs CAP_SYS_ADMIN/CAP_NET_ADMIN: run as root";
  }

  // RST before accept through the router, then a connect the router refuses with ICMP.
  void exchange(uint16_t& clientPort, int& unreachableErr) {
    UniqueFd listener = socketIn(topo_.server.get(), [] { return t::listenOn("198.18.2.2"); });
    UniqueFd client = socketIn(topo_.client.get(), t::tcpSocket);
    ASSERT_EQ(t::connectTo(client, "198.18.2.2", t::localPort(listener)), 0);
    t::abortiveClose(std::move(client));
    UniqueFd lost = socketIn(topo_.client.get(), t::tcpSocket);
    unreachableErr = t::connectTo(lost, "198.18.3.1", 9);
    clientPort = t::localPort(lost);
  }

  t::RouterTopology topo_;
  t::TempDir dir_;
};

TEST_F(RouterCapture, EachForwardedPacketOnceAndTheRoutersIcmpKept) {
  std::string pcap = (dir_.path() / "router.pcap").string();
  Capture capture(topo_.router.get(), "any", pcap, t::kRouterHosts,
                  std::chrono::steady_clock::now());
  uint16_t clientPort = 0;
  int err = 0;
  exchange(clientPort, err);
  EXPECT_EQ(err, EHOSTUNREACH);
  // Every SYN to the unreachable net answered: connect() may have retried once when the
  // first ICMP arrived while it still held the socket lock (tcp_v4_err: a soft error then).
  ASSERT_TRUE(capture.waitFor(allAnswered, 5s))
      << ::testing::PrintToString(describe(capture.segments()));
  capture.stop();

  std::vector<Segment> seen = capture.segments();
  std::vector<std::string> text = describe(seen);
  ASSERT_GE(text.size(), 6u);
  EXPECT_THAT(
      std::vector<std::string>(text.begin(), text.begin() + 6),
      ElementsAre("client>server S", "server>client SA", "client>server A", "client>server RA",
                  "client>198.18.3.1 S", "router>client ICMP host unreachable"));
  for (size_t i = 6; i < text.size(); ++i)
    EXPECT_EQ(text[i], text[4 + i % 2]) << "after the first refusal only retries and refusals";
  EXPECT_EQ(seen[5].dport, clientPort);  // the error names the refused socket's port
  EXPECT_EQ(seen[5].sport, 9);

  std::vector<Segment> read = readPcap(pcap, {t::kRouterHosts, {}});
  EXPECT_EQ(describe(read), describe(seen));
}

}  // namespace
}  // namespace tcpfault::report
