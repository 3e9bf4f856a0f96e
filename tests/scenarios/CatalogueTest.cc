// The shipped catalogue: every scenario passes against the reference servers, and every
// scenario has a known-bad variant -- a buggy server or one mutated step -- that makes
// it fail with a message naming the expectation (file:line, expected vs observed).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "RunProgram.h"

namespace tcpfault::test {
namespace {

namespace fs = std::filesystem;

std::string scenarioDir() { return std::string(TCPFAULT_SOURCE_DIR) + "/scenarios"; }

fs::path findScenario(const std::string& name) {
  for (const auto& e : fs::recursive_directory_iterator(scenarioDir()))
    if (e.path().extension() == ".scn" && e.path().stem() == name) return e.path();
  return {};
}

std::string readAll(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

struct Variant {
  const char* scenario;
  const char* server;     // the run to break: --server NAME (or "" for none)
  const char* serverCmd;  // a known-bad server, or nullptr; "{bin}" is build/, "{src}" the tree
  const char* from;       // a mutated step: this text of the file ...
  const char* to;         // ... becomes this
  const char* failing;    // the step the failure must name
  int line = 0;           // where it must be reported: 0 = the one step line holding `failing`
  int lastLine = 0;       // if set, anywhere in line..lastLine: awaits whose order the kernel picks
  bool warns = false;     // a warn-level property (dead-peer-detection): WARN, exit 0
};

// Test names carry the scenario; gtest would print the struct's bytes.
void PrintTo(const Variant& v, std::ostream* os) { *os << v.scenario; }

// The 1-based line of the one step (not a comment or explain line) holding `needle`, 0 if
// none or several do.
int stepLineHolding(const std::string& text, const std::string& needle) {
  std::istringstream in(text);
  int n = 0, found = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (line.rfind('#', 0) == 0 || line.rfind("explain", 0) == 0) continue;
    if (line.find(needle) == std::string::npos) continue;
    if (found) return 0;
    found = n;
  }
  return found;
}

std::string expand(std::string s) {
  for (size_t at; (at = s.find("{bin}")) != std::string::npos;) s.replace(at, 5, TCPFAULT_BUILD_DIR);
  for (size_t at; (at = s.find("{src}")) != std::string::npos;) s.replace(at, 5, TCPFAULT_SOURCE_DIR);
  return s;
}

// A known-bad server claims the traits of the server it breaks (so the scenario runs
// against it rather than being skipped): a one-profile file for --profile.
std::string badProfile(const std::string& cmd) {
  const char* traits = "echo fd-limit";
  if (cmd.find("/fork-echo") != std::string::npos) traits = "echo fork reap logs-accept-errors logs-reaps";
  if (cmd.find("/epoll-pool-echo") != std::string::npos) traits = "echo thread-pool fd-limit";
  if (cmd.find("/epoll-chat") != std::string::npos) traits = "broadcast";
  if (cmd.find("python-echo") != std::string::npos) traits = "echo exit0-on-sigterm";  // a false claim
  return "profile  known-bad\ntraits   " + std::string(traits) + "\nstart    " + cmd + "\n";
}

// One row per scenario in scenarios/. CatalogueTest.EveryScenarioHasAFailingVariant keeps
// the table complete.
const Variant kVariants[] = {
    {"normal-startup", "fork-echo", nullptr, "ESTABLISHED count 1", "ESTABLISHED count 2", "count 2"},
    {"normal-termination", "", "{bin}/epoll-et-echo --bug-errno-unchecked --port {port}", nullptr, nullptr, "read c", 17},
    {"fork-child-per-connection", "", "{bin}/fork-echo --reap none --port {port}", nullptr, nullptr, "zombies 0"},
    {"zombies-no-reap", "", "{bin}/fork-echo --reap waitpid --port {port}", nullptr, nullptr, "zombies 3"},
    {"zombies-waitpid-loop", "", "{bin}/fork-echo --reap none --port {port}", nullptr, nullptr, "zombies 0"},
    {"eintr-accept", "", "{bin}/fork-echo --reap waitpid --port {port}", nullptr, nullptr, "log \"EINTR\""},
    // UNP 5.9 told by the kernel: each handler installed the other way round.
    {"accept-sa-restart", "", nullptr, "signal SIGUSR1 catch restart           => 0", "signal SIGUSR1 catch => 0", "=> 0 caught SIGUSR1"},
    {"accept-eintr-no-restart", "", nullptr, "signal SIGUSR1 catch                   => 0", "signal SIGUSR1 catch restart => 0", "EINTR caught SIGUSR1 within 1s"},
    // UNP 5.10: the books balance whatever the handler lost; one child more does not.
    {"zombies-wait-once", "", nullptr, "+ zombies 5", "+ zombies 4", "zombies 4"},
    {"abort-before-accept", "", nullptr, "so_error s                             => -1 ECONNRESET", "so_error s => -1 ECONNABORTED", "so_error s"},
    {"abort-before-accept-v6", "", nullptr, "so_error s                             => -1 ECONNRESET", "so_error s => -1 ECONNABORTED", "so_error s"},
    {"abort-before-accept-read", "fork-echo", nullptr, "read s                                 => ECONNRESET", "read s => 0", "read s", 17},
    {"server-child-killed", "", nullptr, "kill     server child SIGKILL", "wait 10ms", "server > client F"},
    {"server-child-killed-v6", "", nullptr, "kill     server child SIGKILL", "wait 10ms", "server > client F"},
    {"write-after-rst-sigpipe", "", nullptr, "client   write c \"again\\n\"", "client signal SIGPIPE ignore => 0\nclient write c \"again\\n\"", "signal SIGPIPE", 28},
    {"write-after-rst-sigpipe-v6", "", nullptr, "client   write c \"again\\n\"", "client signal SIGPIPE ignore => 0\nclient write c \"again\\n\"", "signal SIGPIPE", 29},
    {"write-after-rst-epipe", "", nullptr, "nosignal                => -1 EPIPE", "nosignal => -1 EPIPE caught SIGPIPE", "caught SIGPIPE", 25},
    {"server-host-crash", "epoll-et-echo", nullptr, "client net.ipv4.tcp_retries2=3", "client net.ipv4.tcp_retries2=5", "ETIMEDOUT nosignal within 9s"},
    {"server-host-crash-v6", "epoll-et-echo", nullptr, "client net.ipv4.tcp_retries2=3", "client net.ipv4.tcp_retries2=5", "ETIMEDOUT nosignal within 9s"},
    {"server-host-unreachable", "fork-echo", nullptr, "unreachable server", "crash server", "icmp-host-unreachable"},
    {"server-host-unreachable-v6", "fork-echo", nullptr, "unreachable server", "prohibit server", "icmp-host-unreachable"},
    {"server-host-prohibited", "fork-echo", nullptr, "prohibit server", "unreachable server", "icmp-admin-prohibited count >= 2"},
    {"server-host-prohibited-v6", "fork-echo", nullptr, "prohibit server", "unreachable server", "EACCES"},
    {"rst-in-established", "", nullptr, "server   abort s", "server   close s", "server > client R"},
    {"write-during-outage-reboot", "", nullptr, "reboot   server", "heal", "ECONNRESET nosignal within 4s"},
    {"server-crash-reboot", "epoll-et-echo", nullptr, "reboot   server", "crash    server", "in ESTABLISHED", 18},
    {"server-crash-reboot-v6", "epoll-et-echo", nullptr, "reboot   server", "crash    server", "in ESTABLISHED", 20},
    {"server-host-shutdown", "epoll-et-echo", nullptr, "shutdown server 2s", "crash server", "server > client F"},
    {"server-host-shutdown-v6", "epoll-et-echo", nullptr, "shutdown server 2s", "crash server", "server > client F"},
    // python-echo.py has no SIGTERM handler: killed by SIGTERM, not exited 0.
    {"server-sigterm-exit0", "", "python3 {src}/servers/profiles/python-echo.py --port {port}", nullptr, nullptr, "exited 0"},
    {"connect-refused", "", nullptr, "server:9999", "server:9999 nonblock", "ECONNREFUSED"},
    {"connect-to-crashed-host", "", nullptr, "client net.ipv4.tcp_syn_retries=1", "client net.ipv4.tcp_syn_retries=2", "ETIMEDOUT within 5s"},
    {"connect-to-unreachable-host", "", nullptr, "unreachable server", "crash server", "EHOSTUNREACH"},
    {"connect-to-prohibited-host", "", nullptr, "prohibit server", "unreachable server", "icmp-admin-prohibited"},
    {"connect-to-prohibited-host-v6", "", nullptr, "prohibit server", "unreachable server", "EACCES"},
    {"connect-no-route", "", nullptr, "noroute  server", "unreachable server", "ENETUNREACH"},
    {"connect-no-route-v6", "", nullptr, "noroute  server", "unreachable server", "ENETUNREACH"},
    {"close-unread-write-first", "", nullptr, "client   write c \"never read\\n\"                 => 11", "wait 10ms", "server > client R"},
    {"close-with-unread-data-rst", "", nullptr, "client   write c \"unread\\n\"                     => 7", "wait 10ms", "server > client R"},
    {"close-listener-resets-queue", "", nullptr, "server   close l                                => 0", "wait 10ms", "server > client R"},
    {"keepalive-dead-peer", "", nullptr, "SO_KEEPALIVE 1", "SO_KEEPALIVE 0", "ETIMEDOUT nosignal within 5s"},
    {"user-timeout", "", nullptr, "TCP_USER_TIMEOUT 1s", "TCP_USER_TIMEOUT 5s", "ETIMEDOUT"},
    {"write-after-shutdown-epipe", "", nullptr, "shutdown c wr", "shutdown c rd", "EPIPE"},
    {"half-close-echo", "", "{bin}/epoll-et-echo --bug-close-on-eof --port {port}", nullptr, nullptr, "readall h", 32},
    {"listen-backlog-full", "", nullptr, "backlog 1", "backlog 8", "blocked"},
    {"restart-with-time-wait", "", nullptr, "server   m = listen 9878 reuseaddr", "server m = listen 9878", "m3 = listen"},
    {"ipv6-dual-stack", "epoll-et-echo", nullptr, "start    server $server --bind ::", "start server $server", "connect server:9877 ipv6"},
    {"partition-heal", "epoll-et-echo", nullptr, "\nheal\n", "\nwait 10ms\n", "await"},
    {"rst-keeps-unread-data", "", nullptr, "client   read c                                 => \"unread reply\\n\"", "client read c => ECONNRESET", "read c", 19},
    // the naive unchecked write(2): the second write after the RST raises SIGPIPE.
    {"reset-mid-write", "", "{bin}/epoll-et-echo --bug-sigpipe --port {port}", nullptr, nullptr, "killed by SIGPIPE", 37},
    {"et-drains-burst", "", "{bin}/epoll-et-echo --bug-no-drain --port {port}", nullptr, nullptr, "await", 29},
    {"slow-reader-eagain", "", "{bin}/epoll-et-echo --bug-lose-eagain --port {port}", nullptr, nullptr, "await", 21},
    {"oneshot-pool-order", "", "{bin}/epoll-pool-echo --bug-no-oneshot --min-threads 8 --max-threads 8 --port {port}", nullptr, nullptr, "await", 22, 24},
    {"chat-survives-reset", "", nullptr, "client   read b                                 => \"two\\n\"", "client read b => \"one\\n\"", "read b", 21},
    {"chat-slow-client", "", "{bin}/epoll-chat --bug-block-on-slow --port {port}", nullptr, nullptr, "await", 20},
    {"emfile-storm", "", "{bin}/epoll-et-echo --bug-emfile-spin --max-fds 32 --port {port}", nullptr, nullptr, "cpu below 10%"},
    {"errno-checked-after-result", "", "{bin}/epoll-et-echo --bug-errno-unchecked --port {port}", nullptr, nullptr, "read c", 18},
    // wire/: each story without the fault (or with the kernel setting it depends on
    // flipped) fails at the expectation that shows the claim.
    {"synack-lost", "", nullptr, "drop     server > client SA count 1", "mark nodrop", "connect server:9877"},
    {"data-lost-tail", "", nullptr, "client net.ipv4.tcp_early_retrans=0", "client net.ipv4.tcp_early_retrans=3", "TcpExtTCPTimeouts >= 1 since rto"},
    {"data-lost-fast-retransmit", "", nullptr, "start    server $server", "sysctl client net.ipv4.tcp_sack=0\nstart server $server", "TcpExtTCPSackRecovery >= 1"},
    {"fin-lost", "", nullptr, "drop     client > server F count 1\nclient   shutdown c wr                          => 0\nexpect   client state c FIN_WAIT1\n", "client shutdown c wr => 0\n", "client > server F count 2"},
    {"duplicate-and-reorder", "", nullptr, "duplicate client > server data count 3", "duplicate client > server data count 1", "duplicated 3"},
    {"rfc5961-rst-syn", "", nullptr, "seq rcv_nxt+1000", "seq rcv_nxt", "TcpExtTCPChallengeACK = 1 since inwindow"},
    {"rfc1337-time-wait-rst", "", nullptr, "client net.ipv4.tcp_rfc1337=1", "client net.ipv4.tcp_rfc1337=0", "rfc1337-time-wait-rst.scn:41", 41},
    {"slow-path-no-false-timeout", "", nullptr, "delay    server > client 300ms", "delay server > client 1200ms", "ETIMEDOUT", 30},
    {"rate-limited-write", "", nullptr, "rate     client > server 16mbit", "rate client > server 64mbit", "write c 4M"},
    {"corrupt-loss-clear", "", nullptr, "corrupt  client > server data count 1", "mark     nocorrupt", "corrupted 1"},
    {"pmtu-black-hole", "", nullptr, "server net.ipv4.tcp_mtu_probing=1", "server net.ipv4.tcp_mtu_probing=0", "await    r"},
    {"nagle-delayed-ack", "", nullptr, "setsockopt c TCP_NODELAY 1", "setsockopt c TCP_NODELAY 0", "\"HDR:body\\n\" within 10ms"},
    {"zero-window-persist", "", nullptr, "client net.ipv4.tcp_retries2=3", "client net.ipv4.tcp_retries2=6", "=> ok after 4s within 9s"},
    {"accept-queue-overflow", "", nullptr, "server net.ipv4.tcp_abort_on_overflow=0", "server net.ipv4.tcp_abort_on_overflow=1", "PA len 1 count >= 3"},
    {"syn-flood-syncookies", "", nullptr, "server net.ipv4.tcp_syncookies=1", "server net.ipv4.tcp_syncookies=0", "connect server:9877 timeout 1s"},
    // server/: the known-bad server of each property (servers/known-bad/, --bug-*).
    {"silent-client-blocks-none", "", "python3 {src}/servers/known-bad/iterative-echo.py --port {port}", nullptr, nullptr, "read c", 18},
    {"crashed-client-blocks-none", "", "python3 {src}/servers/known-bad/iterative-echo.py --port {port}", nullptr, nullptr, "read c", 20},
    {"slow-reader-blocks-none", "", "{bin}/epoll-lt-echo --bug-blocking-writes --port {port}", nullptr, nullptr, "read c", 25},
    {"clients-come-and-go", "", "{bin}/epoll-et-echo --bug-leak-on-error --port {port}", nullptr, nullptr, "fds <= 0"},
    // every reference server keeps a dead client's connection: a warning, never a failure
    {"dead-peer-detection", "epoll-et-echo", nullptr, nullptr, nullptr, "ESTABLISHED count 0", 24, 0, true},
};

class CatalogueVariant : public ::testing::TestWithParam<Variant> {
 protected:
  void SetUp() override {
    if (!canCreateNetns()) GTEST_SKIP() << "needs CAP_NET_ADMIN (run as root) for network namespaces";
  }
  TempDir dir_;
};

TEST_P(CatalogueVariant, FailsNamingTheExpectation) {
  const Variant& v = GetParam();
  fs::path file = findScenario(v.scenario);
  ASSERT_FALSE(file.empty()) << "no scenarios/**/" << v.scenario << ".scn";
  std::string text = readAll(file);
  if (v.from) {
    size_t at = text.find(v.from);
    ASSERT_NE(at, std::string::npos) << "the step to mutate is gone: " << v.from;
    text.replace(at, std::string(v.from).size(), v.to);
  }
  int line = v.line ? v.line : stepLineHolding(text, v.failing);
  ASSERT_GT(line, 0) << "no single step holds `" << v.failing << "`: give the row its line";
  writeFile(dir_.path().string() + "/" + v.scenario + ".scn", text);
  std::vector<std::string> argv{scenariosBinary(), "--dir", dir_.path().string(), "--report-dir",
                                dir_.path().string() + "/report", v.scenario};
  if (v.serverCmd) {
    writeFile(dir_.path().string() + "/bad.profile", badProfile(expand(v.serverCmd)));
    argv.push_back("--profile");
    argv.push_back(dir_.path().string() + "/bad.profile");
    argv.push_back("--no-probe");  // some fail even the first contact; the story must say how
  } else if (*v.server) {
    argv.push_back("--server");
    argv.push_back(v.server);
  }
  ProgramResult r = runProgram(argv, std::chrono::seconds(60));
  if (v.warns) {
    EXPECT_EQ(r.exitCode, 0) << "a warning never fails the suite:\n" << r.output;
    EXPECT_NE(r.output.find("WARN "), std::string::npos) << r.output;
  } else {
    EXPECT_EQ(r.exitCode, 1) << "1 is a failed expectation (4 a harness error):\n" << r.output;
  }
  EXPECT_EQ(r.output.find("harness error"), std::string::npos) << r.output;
  std::string at = fmt::format("at {}/{}.scn:", dir_.path().string(), v.scenario);
  size_t where = r.output.find(at);
  int reported = where == std::string::npos ? 0 : std::atoi(r.output.c_str() + where + at.size());
  EXPECT_GE(reported, line) << "the failure should be at line " << line << ":\n" << r.output;
  EXPECT_LE(reported, std::max(line, v.lastLine)) << "the failure should be at line " << line
                                                 << (v.lastLine ? fmt::format("..{}", v.lastLine) : "")
                                                 << ":\n" << r.output;
  EXPECT_NE(r.output.find("expected"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(v.failing), std::string::npos)
      << "the failure should name `" << v.failing << "`:\n" << r.output;
}

INSTANTIATE_TEST_SUITE_P(Catalogue, CatalogueVariant, ::testing::ValuesIn(kVariants),
                         [](const auto& p) {
                           std::string n = p.param.scenario;
                           for (char& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

TEST(CatalogueTest, EveryScenarioHasAFailingVariant) {
  std::set<std::string> covered;
  for (const auto& v : kVariants) covered.insert(v.scenario);
  for (const auto& e : fs::recursive_directory_iterator(scenarioDir())) {
    if (e.path().extension() == ".scn") {
      EXPECT_TRUE(covered.count(e.path().stem())) << e.path() << " has no failing variant";
    }
  }
}

// The server card: every story that runs against $server says which property it decides.
TEST(CatalogueTest, EveryServerStoryChecksAProperty) {
  for (const auto& e : fs::recursive_directory_iterator(scenarioDir())) {
    if (e.path().extension() != ".scn") continue;
    std::string text = readAll(e.path());
    if (text.find("$server") == std::string::npos) continue;
    EXPECT_NE(text.find("\nchecks "), std::string::npos) << e.path() << " starts $server without a `checks` line";
  }
}

std::set<std::string> neededTraits(const std::string& text) {
  std::set<std::string> out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string w;
    if (!(words >> w) || w != "needs") continue;
    while (words >> w && w[0] != '#') out.insert(w);
  }
  return out;
}

// A story that binds the server under test to :: needs ipv6 (else a server without it
// fails rather than skips), and an IPv6 twin needs what its original needs: twins are
// copies (scripts/make-ipv6-twin) and drift when the original changes.
TEST(CatalogueTest, IpV6StoriesNeedIpv6AndTwinsTheirOriginalsNeeds) {
  for (const auto& e : fs::recursive_directory_iterator(scenarioDir())) {
    if (e.path().extension() != ".scn") continue;
    std::string text = readAll(e.path());
    std::set<std::string> needs = neededTraits(text);
    if (text.find("$server --bind ::") != std::string::npos) {
      EXPECT_TRUE(needs.contains("ipv6")) << e.path() << " binds $server to :: without `needs ipv6`";
    }
    std::string stem = e.path().stem();
    if (!stem.ends_with("-v6")) continue;
    fs::path original = e.path().parent_path() / (stem.substr(0, stem.size() - 3) + ".scn");
    if (!fs::exists(original)) continue;
    for (const auto& n : neededTraits(readAll(original))) {
      EXPECT_TRUE(needs.contains(n)) << e.path() << " lacks `needs " << n << "` of " << original;
    }
  }
}

TEST(CatalogueTest, EveryScenarioPassesAgainstTheReferenceServers) {
  if (!canCreateNetns()) GTEST_SKIP() << "needs CAP_NET_ADMIN (run as root) for network namespaces";
  TempDir dir;
  ProgramResult r = runProgram({scenariosBinary(), "--all", "-j8", "--report-dir", dir.path().string()},  // beside other tests
                               std::chrono::seconds(300));
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find(" 0 failed"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace tcpfault::test
