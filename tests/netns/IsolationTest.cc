// Isolation and leaks: nothing of a topology shows in the root namespace, and a runner
// killed with SIGKILL leaves no process, namespace or veth behind.
#include <dirent.h>
#include <fcntl.h>
#include <net/if.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <sys/stat.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <fmt/format.h>

#include "tests/support/AwaitUntil.h"
#include "NetnsTestSupport.h"
#include "netns/ProcessTable.h"
#include "netns/Topology.h"

namespace tcpfault::netns::test {
namespace {

using namespace std::chrono_literals;

// Captures, in the namespace of the calling thread, every packet of our ranges.
class RangeCapture {
 public:
  RangeCapture() {
    char err[PCAP_ERRBUF_SIZE] = {};
    p_ = pcap_create("any", err);
    if (!p_) throw std::runtime_error(err);
    pcap_set_snaplen(p_, 96);
    pcap_set_immediate_mode(p_, 1);
    if (pcap_activate(p_) < 0) throw std::runtime_error(pcap_geterr(p_));
    bpf_program prog{};
    if (pcap_compile(p_, &prog, "net 198.18.0.0/15 or net 2001:db8::/32", 1,
                     PCAP_NETMASK_UNKNOWN) < 0 || pcap_setfilter(p_, &prog) < 0)
      throw std::runtime_error(pcap_geterr(p_));
    pcap_freecode(&prog);
    pcap_setnonblock(p_, 1, err);
  }
  ~RangeCapture() { pcap_close(p_); }
  int count() {
    int n = 0;
    while (pcap_dispatch(p_, -1, [](u_char* u, const pcap_pkthdr*, const u_char*) {
             ++*reinterpret_cast<int*>(u);
           }, reinterpret_cast<u_char*>(&n)) > 0) {
    }
    return n;
  }

 private:
  pcap_t* p_ = nullptr;
};

// name -> "rx_packets tx_packets" from /proc/net/dev of the calling thread's namespace.
std::map<std::string, std::pair<long long, long long>> devCounters() {
  std::ifstream f("/proc/net/dev");
  std::string line;
  std::map<std::string, std::pair<long long, long long>> out;
  std::getline(f, line);
  std::getline(f, line);
  while (std::getline(f, line)) {
    auto colon = line.find(':');
    std::string name = line.substr(0, colon);
    name.erase(0, name.find_first_not_of(' '));
    std::istringstream in(line.substr(colon + 1));
    long long v[10] = {};
    for (auto& x : v) in >> x;
    out[name] = {v[1], v[9]};
  }
  return out;
}

std::vector<std::string> rootLinksNamedTf() {
  std::vector<std::string> out;
  for (const auto& [name, counters] : devCounters())
    if (name.rfind("tf-", 0) == 0) out.push_back(name);
  return out;
}

TEST(netns_Isolation, RootNamespaceSeesNothingOfATopology) {
  TCPFAULT_REQUIRE_NETNS();
  RangeCapture root;  // opened on this thread: the root namespace
  auto before = devCounters();
  {
    Topology t({"client", "server"});
    std::unique_ptr<RangeCapture> inRouter;
    t.router().enter([&] { inRouter = std::make_unique<RangeCapture>(); });
    Child server = t.host("server").fork([] { return echoServer(7); });
    ASSERT_TRUE(server.waitForOutput("listening", 5s));
    for (const auto& addr : {t.address("server"), t.address6("server")}) {
      UniqueFd c;
      ASSERT_EQ(connectFrom(t.host("client"), addr, 7, c).ret, 0);
      ASSERT_EQ(sendAll(c.get(), "data").ret, 4);
      EXPECT_EQ(recvBounded(c.get(), 5s).data, "data");
    }
    t.unreachable("server");  // ICMP from the router too
    UniqueFd c;
    EXPECT_EQ(connectFrom(t.host("client"), t.address("server"), 7, c).err, EHOSTUNREACH);
    // Positive control: the same filter does see the traffic where it happens.
    EXPECT_GT(inRouter->count(), 8);
  }
  EXPECT_EQ(root.count(), 0);
  EXPECT_THAT(rootLinksNamedTf(), ::testing::IsEmpty());
  // Counters of the root interfaces: the set is unchanged, and interfaces without
  // background traffic did not move. eth0 and lo carry other users' traffic on a shared
  // machine, so for them the capture above (our address ranges) is the evidence.
  auto after = devCounters();
  ASSERT_EQ(before.size(), after.size());
  for (const auto& [name, counters] : before) {
    ASSERT_TRUE(after.count(name)) << name;
    if (name == "lo" || name == "eth0") continue;
    EXPECT_EQ(after[name], counters) << name;
  }
}

// Every net namespace reachable through a process, by inode.
std::map<ino_t, pid_t> reachableNetns() {
  std::map<ino_t, pid_t> out;
  DIR* d = ::opendir("/proc");
  while (dirent* e = d ? ::readdir(d) : nullptr) {
    pid_t pid = static_cast<pid_t>(std::atoi(e->d_name));
    struct stat st {};
    if (pid > 0 && ::stat(fmt::format("/proc/{}/ns/net", pid).c_str(), &st) == 0)
      out.emplace(st.st_ino, pid);
  }
  if (d) ::closedir(d);
  return out;
}

// Interfaces of the namespace of pid whose name starts with prefix.
std::vector<std::string> linksIn(pid_t pid, const std::string& prefix) {
  std::vector<std::string> out;
  UniqueFd ns(::open(fmt::format("/proc/{}/ns/net", pid).c_str(), O_RDONLY | O_CLOEXEC));
  if (!ns) return out;  // it exited meanwhile
  NetnsGuard in(ns.get());
  struct if_nameindex* ifs = ::if_nameindex();
  for (auto* i = ifs; i && i->if_index; ++i)
    if (std::string(i->if_name).rfind(prefix, 0) == 0) out.emplace_back(i->if_name);
  if (ifs) ::if_freenameindex(ifs);
  return out;
}

bool markerProcessExists(const std::string& marker) {
  bool found = false;
  DIR* d = ::opendir("/proc");
  while (dirent* e = d ? ::readdir(d) : nullptr) {
    if (std::atoi(e->d_name) <= 0) continue;
    std::ifstream f(fmt::format("/proc/{}/environ", e->d_name));
    std::string env((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    found |= env.find(marker) != std::string::npos;
  }
  if (d) ::closedir(d);
  return found;
}

TEST(netns_Isolation, SigkillOfTheOwnerLeavesNothing) {
  TCPFAULT_REQUIRE_NETNS();
  std::string tag = fmt::format("leak{}", ::getpid() % 100000);
  std::string marker = "TCPFAULT_LEAK_MARKER=" + tag;
  int p[2];
  ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
  UniqueFd rd(p[0]), wr(p[1]);
  pid_t owner = ::fork();
  if (owner == 0) {  // the "runner": builds a topology, starts processes, waits to die
    rd.reset();
    Topology t({tag + "c", tag + "s"});
    std::vector<Child> kids;
    for (const auto& h : t.hostNames()) {
      kids.push_back(t.host(h).spawn(SpawnOptions::command({"sleep", "1000"}, {marker})));
      kids.push_back(t.host(h).fork([] {
        for (;;) ::pause();
        return 0;
      }));
    }
    std::string inodes;
    for (const auto& h : {tag + "c", tag + "s", std::string("router")})
      inodes += fmt::format("{} ", t.host(h).netnsInode());
    (void)!::write(wr.get(), inodes.data(), inodes.size());
    for (;;) ::pause();
  }
  wr.reset();
  pollfd pfd{rd.get(), POLLIN, 0};
  ASSERT_EQ(::poll(&pfd, 1, 10000), 1) << "the runner did not build its topology";
  char buf[256] = {};
  ASSERT_GT(::read(rd.get(), buf, sizeof buf - 1), 0);
  std::istringstream in(buf);
  std::vector<ino_t> inodes;
  for (ino_t i; in >> i;) inodes.push_back(i);
  ASSERT_EQ(inodes.size(), 3u);
  ASSERT_TRUE(markerProcessExists(marker));  // the check can fail
  ASSERT_FALSE(processesInNetns(inodes[0]).empty());
  ASSERT_FALSE(linksIn(processesInNetns(inodes[2]).front(), "tf-" + tag).empty());

  ::kill(owner, SIGKILL);
  ::waitpid(owner, nullptr, 0);

  // The kernel tears namespaces down asynchronously: await, with a deadline.
  EXPECT_TRUE(awaitUntil([&] { return !markerProcessExists(marker); }, 10s));
  for (ino_t ino : inodes)
    EXPECT_TRUE(awaitUntil([&] { return processesInNetns(ino).empty(); }, 10s)) << ino;
  auto reachable = reachableNetns();
  for (ino_t ino : inodes) EXPECT_EQ(reachable.count(ino), 0u) << "netns " << ino << " alive";
  for (const auto& [ino, pid] : reachable)
    EXPECT_THAT(linksIn(pid, "tf-" + tag), ::testing::IsEmpty()) << "netns " << ino;
  EXPECT_THAT(rootLinksNamedTf(), ::testing::IsEmpty());
}

}  // namespace
}  // namespace tcpfault::netns::test
