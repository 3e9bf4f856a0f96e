// Capture and PcapReader against real kernel traffic in a private namespace: the UNP 5.11
// RST-before-accept exchange must appear as S, SA, A, RA, each packet once, in order
// (an abortive close of an established socket sends RST+ACK: tcp_send_active_reset).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

#include "RstBeforeAccept.h"
#include "tests/support/TempDir.h"
#include "ThreadNetns.h"
#include "netns/Error.h"
#include "reports/capture/Capture.h"
#include "reports/capture/PcapReader.h"

namespace tcpfault::report {
namespace {

using namespace std::chrono_literals;
using tcpfault::reporttest::kRstHosts;
using ::testing::ElementsAre;

std::vector<std::string> flagsOf(const std::vector<Segment>& segments) {
  std::vector<std::string> out;
  for (const Segment& s : segments) out.push_back(s.flags);
  return out;
}

std::vector<std::string> directionsOf(const std::vector<Segment>& segments) {
  std::vector<std::string> out;
  for (const Segment& s : segments) out.push_back(s.src + ">" + s.dst);
  return out;
}

bool hasRst(const std::vector<Segment>& segments) {
  for (const Segment& s : segments)
    if (s.flags.find('R') != std::string::npos) return true;
  return false;
}

// Every frame in the file, as libpcap counts them (both copies of a forwarded packet).
size_t framesInFile(const std::string& path) {
  char err[PCAP_ERRBUF_SIZE];
  std::unique_ptr<pcap_t, void (*)(pcap_t*)> p(pcap_open_offline(path.c_str(), err), pcap_close);
  if (!p) throw std::runtime_error(err);
  pcap_pkthdr* h;
  const u_char* b;
  size_t n = 0;
  while (pcap_next_ex(p.get(), &h, &b) == 1) ++n;
  return n;
}

// Lines tshark prints for the file, one per frame; -1 when tshark is not installed.
long tsharkFrames(const std::string& path) {
  if (std::system("command -v tshark >/dev/null 2>&1") != 0) return -1;
  std::string cmd = "tshark -n -r '" + path + "' -T fields -e frame.number 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(cmd.c_str(), "r"), ::pclose);
  if (!pipe) return -1;
  long lines = 0;
  for (int c; (c = std::fgetc(pipe.get())) != EOF;)
    if (c == '\n') ++lines;
  return lines;
}

class CaptureTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    netns_ = tcpfault::reporttest::makeThreadNetns();
    if (!netns_) GTEST_SKIP() << "needs CAP_SYS_ADMIN for unshare(CLONE_NEWNET): run as root";
  }
  std::string pcapPath() const { return (dir_.path() / "pcap" / "run.pcap").string(); }

  UniqueFd netns_;
  tcpfault::testsupport::TempDir dir_;
};

TEST_P(CaptureTest, RstBeforeAcceptIsSynSynAckAckRst) {
  Capture capture(netns_.get(), GetParam(), pcapPath(), kRstHosts,
                  std::chrono::steady_clock::now());
  tcpfault::reporttest::runInNetns(netns_.get(), tcpfault::reporttest::rstBeforeAccept);
  ASSERT_TRUE(capture.waitFor(hasRst, 5s)) << "no RST seen";
  capture.stop();

  std::vector<Segment> seen = capture.segments();
  EXPECT_THAT(flagsOf(seen), ElementsAre("S", "SA", "A", "RA"));
  EXPECT_THAT(directionsOf(seen),
              ElementsAre("client>server", "server>client", "client>server", "client>server"));
  EXPECT_EQ(seen[1].ack, seen[0].seq + 1);  // the SYN-ACK acknowledges the SYN
  for (size_t i = 0; i < seen.size(); ++i) {
    EXPECT_GE(seen[i].t, 0);
    EXPECT_LT(seen[i].t, 5);
    if (i > 0) {
      EXPECT_GE(seen[i].t, seen[i - 1].t);
    }
  }
}

TEST_P(CaptureTest, PcapFileReadsBackTheSameSegments) {
  auto t0 = std::chrono::steady_clock::now();
  Capture capture(netns_.get(), GetParam(), pcapPath(), kRstHosts, t0);
  tcpfault::reporttest::runInNetns(netns_.get(), tcpfault::reporttest::rstBeforeAccept);
  ASSERT_TRUE(capture.waitFor(hasRst, 5s));
  capture.stop();

  std::vector<Segment> read = readPcap(pcapPath(), {kRstHosts, {}});
  EXPECT_THAT(flagsOf(read), ElementsAre("S", "SA", "A", "RA"));
  EXPECT_EQ(directionsOf(read), directionsOf(capture.segments()));
  EXPECT_EQ(read.front().t, 0);  // without epochT0, times start at the first packet

  long tshark = tsharkFrames(pcapPath());
  if (tshark < 0) GTEST_SKIP() << "tshark not installed: pcap checked with libpcap only";
  EXPECT_EQ(static_cast<size_t>(tshark), framesInFile(pcapPath()));
}

TEST_P(CaptureTest, WaitForTimesOutWhenNothingMatches) {
  Capture capture(netns_.get(), GetParam(), "", kRstHosts, std::chrono::steady_clock::now());
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(capture.waitFor(hasRst, 200ms));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 200ms);
  EXPECT_EQ(capture.count(), 0u);
}

// Sends one UDP datagram to a closed port on loopback: the kernel answers ICMP port unreachable.
void udpToClosedPort(int family) {
  UniqueFd fd(::socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!fd) throwErrno(errno, "socket");
  sockaddr_storage a{};
  socklen_t len = 0;
  if (family == AF_INET) {
    auto* in = reinterpret_cast<sockaddr_in*>(&a);
    *in = {AF_INET, htons(9), {htonl(INADDR_LOOPBACK)}, {}};
    len = sizeof *in;
  } else {
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&a);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(9);
    in6->sin6_addr = in6addr_loopback;
    len = sizeof *in6;
  }
  if (::sendto(fd.get(), "x", 1, 0, reinterpret_cast<sockaddr*>(&a), len) != 1)
    throwErrno(errno, "sendto");
}

TEST_P(CaptureTest, IcmpAndIcmp6PortUnreachableAreDecoded) {
  Capture capture(netns_.get(), GetParam(), "", {}, std::chrono::steady_clock::now());
  tcpfault::reporttest::runInNetns(netns_.get(), [] {
    udpToClosedPort(AF_INET);
    udpToClosedPort(AF_INET6);
  });
  ASSERT_TRUE(capture.waitFor([](const auto& s) { return s.size() >= 2; }, 5s));
  capture.stop();
  std::vector<std::string> seen;
  for (const Segment& s : capture.segments())
    seen.push_back(s.src + " " + (s.icmp ? s.icmpText : s.flags));
  EXPECT_THAT(seen, ElementsAre("127.0.0.1 port unreachable", "::1 port unreachable"));
}

TEST_P(CaptureTest, RefusedIpv6ConnectIsSynThenRstAck) {
  Capture capture(netns_.get(), GetParam(), "", {{"::1", "self"}},
                  std::chrono::steady_clock::now());
  int err = 0;
  tcpfault::reporttest::runInNetns(netns_.get(), [&] {
    UniqueFd fd(::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_in6 a{};
    a.sin6_family = AF_INET6;
    a.sin6_port = htons(9);
    a.sin6_addr = in6addr_loopback;
    err = ::connect(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 ? 0 : errno;
  });
  EXPECT_EQ(err, ECONNREFUSED);
  ASSERT_TRUE(capture.waitFor(hasRst, 5s));
  capture.stop();
  EXPECT_THAT(flagsOf(capture.segments()), ElementsAre("S", "RA"));
  EXPECT_EQ(capture.segments()[0].src, "self");
  EXPECT_EQ(capture.segments()[0].dport, 9);
}

INSTANTIATE_TEST_SUITE_P(Devices, CaptureTest, ::testing::Values("lo", "any"));

TEST(CaptureErrors, UnknownDeviceNamesTheDevice) {
  auto netns = tcpfault::reporttest::makeThreadNetns();
  if (!netns) GTEST_SKIP() << "needs CAP_SYS_ADMIN";
  try {
    Capture c(netns.get(), "nosuchdev0", "", {}, std::chrono::steady_clock::now());
    FAIL() << "capture on a missing device started";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("nosuchdev0"));
  }
}

TEST(PcapReaderErrors, MissingFileThrowsWithPath) {
  EXPECT_THAT(
      [] { readPcap("/nonexistent/x.pcap"); },
      ::testing::ThrowsMessage<std::runtime_error>(::testing::HasSubstr("/nonexistent/x.pcap")));
}

}  // namespace
}  // namespace tcpfault::report
