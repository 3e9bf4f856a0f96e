// Links, addresses, routes, rules -- and bad input refused with the object and errno
// named, leaving nothing behind.
#include <net/if.h>

#include <algorithm>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/AwaitUntil.h"
#include "NetnsTestSupport.h"
#include "netns/Link.h"
#include "netns/ProcessTable.h"
#include "netns/Topology.h"

namespace tcpfault::netns::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

std::vector<std::string> links(Host& h) {
  std::vector<std::string> out;
  h.enter([&] {  // if_nameindex asks netlink of the calling thread's namespace
    struct if_nameindex* ifs = ::if_nameindex();
    for (auto* i = ifs; i && i->if_index; ++i) out.emplace_back(i->if_name);
    if (ifs) ::if_freenameindex(ifs);
  });
  std::sort(out.begin(), out.end());
  return out;
}

std::string run(Host& h, const std::string& cmd) {
  Child c = h.spawn(SpawnOptions::command({"sh", "-c", cmd}));
  c.waitFor(5s);
  return c.output();
}

template <typename E, typename F>
std::string messageOf(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "no exception";
}

class netns_Link : public ::testing::Test {
 protected:
  void SetUp() override {
    TCPFAULT_REQUIRE_NETNS();
    a = std::make_unique<Host>("a");
    b = std::make_unique<Host>("b");
    addVeth(*a, "tf-ab", *b, "tf-ba");
  }
  std::unique_ptr<Host> a, b;
};

TEST_F(netns_Link, VethEndsLiveInTheirHostsOnly) {
  EXPECT_EQ(links(*a), (std::vector<std::string>{"lo", "tf-ab"}));
  EXPECT_EQ(links(*b), (std::vector<std::string>{"lo", "tf-ba"}));
  EXPECT_FALSE(linkExists(*a, "tf-ba"));
  EXPECT_TRUE(linkExists(*b, "tf-ba"));
  EXPECT_EQ(::if_nametoindex("tf-ab"), 0u);  // never in the root namespace
}

TEST_F(netns_Link, AddressesRoutesUpAndMtu) {
  addAddress(*a, "tf-ab", "198.18.7.1/24");
  addAddress(*a, "tf-ab", "2001:db8:7::1/64");
  setMtu(*a, "tf-ab", 1400);
  setLinkUp(*a, "tf-ab", true);
  setLinkUp(*b, "tf-ba", true);
  addRoute(*a, "198.19.0.0/16", RouteType::Unicast, "198.18.7.2");
  addRoute(*a, "198.19.1.0/24", RouteType::Blackhole);
  addRoute(*a, "198.19.2.0/24", RouteType::Unreachable);
  addRoute(*a, "198.19.3.0/24", RouteType::Prohibit);
  addRoute(*a, "2001:db8:99::/48", RouteType::Unreachable);
  std::string out = run(*a, "ip -o addr show dev tf-ab; ip link show tf-ab; ip route; ip -6 route");
  EXPECT_THAT(out, HasSubstr("198.18.7.1/24"));
  EXPECT_THAT(out, HasSubstr("2001:db8:7::1/64"));
  EXPECT_THAT(out, HasSubstr("mtu 1400"));
  EXPECT_THAT(out, HasSubstr(",UP"));
  EXPECT_THAT(out, HasSubstr("198.19.0.0/16 via 198.18.7.2 dev tf-ab"));
  EXPECT_THAT(out, HasSubstr("blackhole 198.19.1.0/24"));
  EXPECT_THAT(out, HasSubstr("unreachable 198.19.2.0/24"));
  EXPECT_THAT(out, HasSubstr("prohibit 198.19.3.0/24"));
  EXPECT_THAT(out, HasSubstr("unreachable 2001:db8:99::/48"));
  EXPECT_THAT(out, Not(HasSubstr("tentative")));  // NODAD: usable at once
  delRoute(*a, "198.19.1.0/24", RouteType::Blackhole);
  EXPECT_THAT(run(*a, "ip route"), Not(HasSubstr("198.19.1.0/24")));
}

TEST_F(netns_Link, StatsCountTraffic) {
  addAddress(*a, "tf-ab", "198.18.7.1/24");
  addAddress(*b, "tf-ba", "198.18.7.2/24");
  setLinkUp(*a, "tf-ab", true);
  setLinkUp(*b, "tf-ba", true);
  LinkStats before = linkStats(*a, "tf-ab");
  UniqueFd c;
  connectFrom(*a, "198.18.7.2", 9, c);  // RST from b: one packet each way at least
  LinkStats after = linkStats(*a, "tf-ab");
  EXPECT_GT(after.txPackets, before.txPackets);
  EXPECT_GT(after.rxPackets, before.rxPackets);
}

TEST_F(netns_Link, MalformedAddressIsRefused) {
  for (const char* bad : {"198.18.1.300/24", "198.18.1.1/33", "not-an-address", "198.18.1.1/"}) {
    auto msg = messageOf<std::invalid_argument>([&] { addAddress(*a, "tf-ab", bad); });
    EXPECT_THAT(msg, HasSubstr(bad));
    EXPECT_THAT(msg, HasSubstr("EINVAL"));
  }
  EXPECT_THAT(run(*a, "ip -o addr show dev tf-ab"), Not(HasSubstr("inet ")));
}

TEST_F(netns_Link, AddressesOutsideTheRangesAreRefused) {
  for (const char* bad : {"10.0.0.1/24", "192.168.1.1/24", "198.20.0.1/24", "198.18.0.1/8",
                          "2001:db9::1/64", "fe80::1/64", "2001:db8::1/16"}) {
    auto msg = messageOf<std::invalid_argument>([&] { addAddress(*a, "tf-ab", bad); });
    EXPECT_THAT(msg, HasSubstr(bad));
    EXPECT_THAT(msg, HasSubstr("outside"));
  }
  EXPECT_THAT(run(*a, "ip -o addr show dev tf-ab"), Not(HasSubstr("inet")));
}

TEST_F(netns_Link, DefaultRouteIsRefused) {
  addAddress(*a, "tf-ab", "198.18.7.1/24");
  addAddress(*a, "tf-ab", "2001:db8:7::1/64");
  setLinkUp(*a, "tf-ab", true);
  for (auto [dst, gw] : {std::pair{"0.0.0.0/0", "198.18.7.2"}, {"::/0", "2001:db8:7::2"}}) {
    auto msg = messageOf<std::invalid_argument>([&] { addRoute(*a, dst, RouteType::Unicast, gw); });
    EXPECT_THAT(msg, HasSubstr(dst));
    EXPECT_THAT(msg, HasSubstr("default route"));
  }
  EXPECT_THROW(addRoute(*a, "0.0.0.0/0", RouteType::Blackhole), std::invalid_argument);
  EXPECT_THAT(run(*a, "ip route; ip -6 route"), Not(HasSubstr("default")));
}

TEST_F(netns_Link, DuplicateVethNamesTheLinkAndEexist) {
  auto msg = messageOf<std::system_error>([&] { addVeth(*a, "tf-ab", *b, "tf-other"); });
  EXPECT_THAT(msg, HasSubstr("tf-ab"));
  EXPECT_THAT(msg, HasSubstr("EEXIST"));
  msg = messageOf<std::system_error>([&] { addVeth(*a, "tf-new", *b, "tf-ba"); });
  EXPECT_THAT(msg, HasSubstr("tf-ba"));
  EXPECT_THAT(msg, HasSubstr("EEXIST"));
  // Neither half-pair was left behind.
  EXPECT_EQ(links(*a), (std::vector<std::string>{"lo", "tf-ab"}));
  EXPECT_EQ(links(*b), (std::vector<std::string>{"lo", "tf-ba"}));
}

TEST_F(netns_Link, BadInterfaceNameIsRefused) {
  auto msg = messageOf<std::invalid_argument>(
      [&] { addVeth(*a, "tf-sixteen-chars", *b, "tf-x"); });
  EXPECT_THAT(msg, HasSubstr("tf-sixteen-chars"));
  msg = messageOf<std::invalid_argument>([&] { addVeth(*a, "eth9", *b, "tf-x"); });
  EXPECT_THAT(msg, HasSubstr("'eth9' must start with 'tf-'"));
  msg = messageOf<std::system_error>([&] { setLinkUp(*a, "tf-missing", true); });
  EXPECT_THAT(msg, HasSubstr("tf-missing"));
  EXPECT_THAT(msg, HasSubstr("ENODEV"));
}

// Counts our keepers: direct children of the test process, zombies included.
size_t ownChildren() { return childrenOf(::getpid()).size(); }

TEST(netns_Topology, DuplicateHostNameIsRefusedBeforeAnythingExists) {
  TCPFAULT_REQUIRE_NETNS();
  size_t before = ownChildren();
  auto msg = messageOf<std::invalid_argument>([] { Topology t({"client", "server", "client"}); });
  EXPECT_THAT(msg, HasSubstr("duplicate host name 'client'"));
  EXPECT_THAT(msg, HasSubstr("EEXIST"));
  EXPECT_EQ(ownChildren(), before);
}

TEST(netns_Topology, FailureMidwayLeavesNothing) {
  TCPFAULT_REQUIRE_NETNS();
  size_t before = ownChildren();
  // Both router-side names truncate to "tf-averylongnam": the second veth fails.
  auto msg = messageOf<std::system_error>(
      [] { Topology t({"averylongname1", "averylongname2"}); });
  EXPECT_THAT(msg, HasSubstr("tf-averylongnam"));
  EXPECT_THAT(msg, HasSubstr("EEXIST"));
  EXPECT_TRUE(awaitUntil([&] { return ownChildren() == before; }, 5s));
}

TEST(netns_Topology, AddressesAndNames) {
  TCPFAULT_REQUIRE_NETNS();
  Topology t({"client", "server", "client2"});
  EXPECT_EQ(t.address("client"), "198.18.1.2");
  EXPECT_EQ(t.address("server"), "198.18.2.2");
  EXPECT_EQ(t.address6("client2"), "2001:db8:3::2");
  EXPECT_EQ(t.routerIfname("client2"), "tf-client2");
  EXPECT_EQ(t.hostNames(), (std::vector<std::string>{"client", "server", "client2"}));
  EXPECT_TRUE(t.has("router"));
  EXPECT_THAT(messageOf<std::out_of_range>([&] { t.host("nobody"); }), HasSubstr("nobody"));
  EXPECT_EQ(t.router().sysctl("net.ipv4.ip_forward"), "1");
  EXPECT_THAT(run(t.host("client"), "ip route; ip -6 route"), Not(HasSubstr("default")));
  // client2 reaches the server through the router, v4 and v6.
  Child server = t.host("server").fork([] { return echoServer(7); });
  ASSERT_TRUE(server.waitForOutput("listening", 5s));
  for (const auto& addr : {t.address("server"), t.address6("server")}) {
    UniqueFd c;
    ASSERT_EQ(connectFrom(t.host("client2"), addr, 7, c).ret, 0) << addr;
    ASSERT_EQ(sendAll(c.get(), "ping").ret, 4);
    EXPECT_EQ(recvBounded(c.get(), 5s).data, "ping");
  }
}

}  // namespace
}  // namespace tcpfault::netns::test

namespace tcpfault::netns::test {
namespace {

TEST(netns_Topology, RepeatedPartitionIsRefusedAndHealRemovesEveryRule) {
  TCPFAULT_REQUIRE_NETNS();
  Topology t({"client", "server"});
  t.partition("client", "server");
  std::string rules = run(t.router(), "ip rule; ip -6 rule");
  EXPECT_EQ(std::count(rules.begin(), rules.end(), '\n'), 3 + 2 + 4) << rules;
  auto msg = messageOf<std::system_error>([&] { t.partition("server", "client"); });
  EXPECT_THAT(msg, HasSubstr("EEXIST"));
  EXPECT_THAT(msg, HasSubstr("198.18.2.2"));
  t.heal();
  EXPECT_THAT(run(t.router(), "ip rule; ip -6 rule"), Not(HasSubstr("blackhole")));
}

}  // namespace
}  // namespace tcpfault::netns::test
