// Capture on a real router (client -- router -- server namespaces joined by veths): "any"
// sees each forwarded packet twice, yet the segments hold each once; what the router sends
// itself (ICMP host unreachable) is kept; the pcap file reads back to the same list.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/resource.h>

#include <cerrno>
#include <csignal>
#include <chrono>

#include "RstBeforeAccept.h"
#include "tests/support/TempDir.h"
#include "ThreadNetns.h"
#include "reports/capture/Capture.h"
#include "reports/capture/PcapReader.h"
#include "netns/Privilege.h"
#include "netns/Topology.h"

namespace tcpfault::report {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
namespace t = tcpfault::reporttest;

// "client>server SA", "router>client ICMP host unreachable"
std::vector<std::string> describe(const std::vector<Segment>& segments) {
  std::vector<std::string> out;
  for (const Segment& s : segments)
    out.push_back(s.src + ">" + s.dst + " " + (s.icmp ? "ICMP " + s.icmpText : s.flags));
  return out;
}

// At least one SYN to the unreachable host, and as many ICMP errors as such SYNs.
bool allAnswered(const std::vector<Segment>& segments) {
  size_t syns = 0, errors = 0;
  for (const Segment& s : segments) {
    if (s.dst == "gone") ++syns;
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

// client -- router -- server, plus a host "gone" the router reports unreachable: the
// library's own topology (netns::Topology), so the capture is tested where it runs.
class RouterCapture : public ::testing::Test {
 protected:
  void SetUp() override {
    // Skips only where namespaces cannot be made at all; any other failure to build the
    // topology is a failure of the test, not a skip.
    if (!netns::canCreateNetns())
      GTEST_SKIP() << "needs CAP_SYS_ADMIN/CAP_NET_ADMIN or user namespaces: run as root";
    topo_ = std::make_unique<netns::Topology>(std::vector<std::string>{"client", "server", "gone"});
    topo_->unreachable("gone");
    for (const auto& h : topo_->hostNames()) {
      hosts_[topo_->address(h)] = h;
      hosts_[topo_->routerAddress(h)] = "router";
    }
  }
  int netnsOf(const char* host) { return topo_->host(host).netnsFd(); }

  // RST before accept through the router, then a connect the router refuses with ICMP.
  void exchange(uint16_t& clientPort, int& unreachableErr) {
    std::string server = topo_->address("server");
    UniqueFd listener = socketIn(netnsOf("server"), [&] { return t::listenOn(server.c_str()); });
    UniqueFd client = socketIn(netnsOf("client"), t::tcpSocket);
    ASSERT_EQ(t::connectTo(client, server.c_str(), t::localPort(listener)), 0);
    t::abortiveClose(std::move(client));
    UniqueFd lost = socketIn(netnsOf("client"), t::tcpSocket);
    unreachableErr = t::connectTo(lost, topo_->address("gone").c_str(), 9);
    clientPort = t::localPort(lost);
  }

  std::unique_ptr<netns::Topology> topo_;
  std::map<std::string, std::string> hosts_;
  testsupport::TempDir dir_;
};

TEST_F(RouterCapture, EachForwardedPacketOnceAndTheRoutersIcmpKept) {
  std::string pcap = (dir_.path() / "router.pcap").string();
  Capture capture(topo_->router().netnsFd(), "any", pcap, hosts_,
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
                  "client>gone S", "router>client ICMP host unreachable"));
  for (size_t i = 6; i < text.size(); ++i)
    EXPECT_EQ(text[i], text[4 + i % 2]) << "after the first refusal only retries and refusals";
  EXPECT_EQ(seen[5].dport, clientPort);  // the error names the refused socket's port
  EXPECT_EQ(seen[5].sport, 9);

  std::vector<Segment> read = readPcap(pcap, {hosts_, {}});
  EXPECT_EQ(describe(read), describe(seen));
}

// A pcap that could not be written is said (error()), never silently short: here a file
// size limit stands in for a full disk.
TEST_F(RouterCapture, APcapWriteErrorIsReported) {
  std::string pcap = (dir_.path() / "short.pcap").string();
  rlimit old{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);  // EFBIG instead of death
  rlimit tiny{64, old.rlim_max};
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &tiny), 0);
  {
    Capture capture(topo_->router().netnsFd(), "any", pcap, hosts_, std::chrono::steady_clock::now());
    uint16_t clientPort = 0;
    int err = 0;
    exchange(clientPort, err);
    EXPECT_TRUE(capture.waitFor([](const std::vector<Segment>& s) { return s.size() >= 4; }, 5s));
    capture.stop();
    EXPECT_THAT(capture.error(), ::testing::HasSubstr("short.pcap"));
  }
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, oldHandler);
}

}  // namespace
}  // namespace tcpfault::report
