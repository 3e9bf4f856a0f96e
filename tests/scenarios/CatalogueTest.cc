// The shipped catalogue: every scenario passes against the reference servers, and every
// scenario has a known-bad variant -- a buggy server or one mutated step -- that makes
// it fail with a message naming the expectation (file:line, expected vs observed).
#include <gtest/gtest.h>

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
  const char* serverCmd;  // a known-bad server, or nullptr; "{bin}" is build/
  const char* from;       // a mutated step: this text of the file ...
  const char* to;         // ... becomes this
  const char* failing;    // the step the failure must name
  int line;               // ... and the line of the written file it is on
};

// Test names carry the scenario; gtest would print the struct's bytes.
void PrintTo(const Variant& v, std::ostream* os) { *os << v.scenario; }

std::string expand(std::string s) {
  for (size_t at; (at = s.find("{bin}")) != std::string::npos;) s.replace(at, 5, TCPFAULT_BUILD_DIR);
  return s;
}

// N of the "(NAME.scn:N)" that ends the failure message; 0 when absent.
int failedLine(const std::string& output, const std::string& scenario) {
  std::string marker = "(" + scenario + ".scn:";
  size_t at = output.find(marker);
  return at == std::string::npos ? 0 : std::atoi(output.c_str() + at + marker.size());
}

// Line n (1-based) of text, without its newline.
std::string lineOf(const std::string& text, int n) {
  std::istringstream in(text);
  std::string line;
  for (int i = 0; i < n && std::getline(in, line); ++i) {
  }
  return line;
}

// One row per scenario in scenarios/. CatalogueTest.EveryScenarioHasAFailingVariant keeps
// the table complete.
const Variant kVariants[] = {
    {"normal-startup", "fork-echo", nullptr, "ESTABLISHED count 1", "ESTABLISHED count 2", "count 2", 17},
    {"normal-termination", "", "{bin}/epoll-et-echo --bug-errno-unchecked --port {port}", nullptr, nullptr, "read c", 16},
    {"fork-child-per-connection", "", "{bin}/fork-echo --reap none --port {port}", nullptr, nullptr, "zombies 0", 17},
    {"zombies-no-reap", "", "{bin}/fork-echo --reap waitpid --port {port}", nullptr, nullptr, "zombies 3", 19},
    {"zombies-waitpid-loop", "", "{bin}/fork-echo --reap none --port {port}", nullptr, nullptr, "zombies 0", 20},
    {"eintr-accept", "", "{bin}/fork-echo --reap waitpid --port {port}", nullptr, nullptr, "log \"EINTR\"", 16},
    {"abort-before-accept", "", nullptr, "so_error s                             => ECONNRESET", "so_error s => ECONNABORTED", "so_error s", 19},
    {"abort-before-accept-read", "fork-echo", nullptr, "read s                                 => ECONNRESET", "read s => 0", "read s", 16},
    {"server-child-killed", "", nullptr, "kill     server child SIGKILL", "wait 10ms", "server > client F", 18},
    {"write-after-rst-sigpipe", "", nullptr, "client   write c \"again\\n\"", "client signal SIGPIPE ignore => 0\nclient write c \"again\\n\"", "signal SIGPIPE", 19},
    {"write-after-rst-epipe", "", nullptr, "nosignal                => -1 EPIPE", "nosignal => -1 EPIPE caught SIGPIPE", "caught SIGPIPE", 22},
    {"server-host-crash", "epoll-et-echo", nullptr, "client net.ipv4.tcp_retries2=3", "client net.ipv4.tcp_retries2=5", "ETIMEDOUT within 8s", 26},
    {"server-host-unreachable", "fork-echo", nullptr, "unreachable server", "crash server", "icmp", 25},
    {"server-crash-reboot", "epoll-et-echo", nullptr, "reboot   server", "crash    server", "server > client R", 18},
    {"server-host-shutdown", "epoll-et-echo", nullptr, "shutdown server 2s", "crash server", "server > client F", 17},
    {"connect-refused", "", nullptr, "server:9999", "server:9999 nonblock", "ECONNREFUSED", 8},
    {"connect-to-crashed-host", "", nullptr, "client net.ipv4.tcp_syn_retries=1", "client net.ipv4.tcp_syn_retries=2", "ETIMEDOUT within 5s", 12},
    {"connect-to-unreachable-host", "", nullptr, "unreachable server", "crash server", "EHOSTUNREACH", 14},
    {"close-with-unread-data-rst", "", nullptr, "client   write c \"unread\\n\"                     => 7", "wait 10ms", "server > client R", 15},
    {"close-listener-resets-queue", "", nullptr, "server   close l                                => 0", "wait 10ms", "server > client R", 14},
    {"keepalive-dead-peer", "", nullptr, "SO_KEEPALIVE 1", "SO_KEEPALIVE 0", "client > server A", 19},
    {"user-timeout", "", nullptr, "TCP_USER_TIMEOUT 1s", "TCP_USER_TIMEOUT 5s", "ETIMEDOUT", 16},
    {"write-after-shutdown-epipe", "", nullptr, "shutdown c wr", "shutdown c rd", "EPIPE", 13},
    {"half-close-echo", "", "{bin}/epoll-et-echo --bug-lose-eagain --port {port}", nullptr, nullptr, "await", 16},
    {"listen-backlog-full", "", nullptr, "backlog 1", "backlog 8", "ETIMEDOUT", 14},
    {"restart-with-time-wait", "", nullptr, "server   m = listen 9878 reuseaddr", "server m = listen 9878", "m3 = listen", 36},
    {"ipv6-dual-stack", "epoll-et-echo", nullptr, "start    server $server --bind ::", "start server $server", "connect server:9877 ipv6", 13},
    {"partition-heal", "epoll-et-echo", nullptr, "\nheal\n", "\nwait 10ms\n", "await", 21},
    {"rst-keeps-unread-data", "", nullptr, "client   read c                                 => \"unread reply\\n\"", "client read c => ECONNRESET", "read c", 19},
    {"reset-mid-write", "epoll-et-echo", nullptr, "client   abort c", "client shutdown c wr", "client > server R", 18},
    {"et-drains-burst", "", "{bin}/epoll-et-echo --bug-no-drain --port {port}", nullptr, nullptr, "await", 22},
    {"slow-reader-eagain", "", "{bin}/epoll-et-echo --bug-lose-eagain --port {port}", nullptr, nullptr, "await", 19},
    {"oneshot-pool-order", "", "{bin}/epoll-pool-echo --bug-no-oneshot --min-threads 8 --max-threads 8 --port {port}", nullptr, nullptr, "await", 21},
    {"chat-survives-reset", "", nullptr, "client   read b                                 => \"two\\n\"", "client read b => \"one\\n\"", "read b", 19},
    {"chat-slow-client", "", "{bin}/epoll-chat --bug-block-on-slow --port {port}", nullptr, nullptr, "await", 18},
    {"emfile-storm", "", "{bin}/epoll-et-echo --bug-emfile-spin --max-fds 32 --port {port}", nullptr, nullptr, "cpu below 10%", 17},
    {"errno-checked-after-result", "", "{bin}/epoll-et-echo --bug-errno-unchecked --port {port}", nullptr, nullptr, "read c", 16},
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
  writeFile(dir_.path().string() + "/" + v.scenario + ".scn", text);
  std::vector<std::string> argv{scenariosBinary(), "--dir", dir_.path().string(), "--report-dir",
                                dir_.path().string() + "/report", v.scenario};
  if (v.serverCmd) {
    argv.push_back("--server-cmd");
    argv.push_back(expand(v.serverCmd));
  } else if (*v.server) {
    argv.push_back("--server");
    argv.push_back(v.server);
  }
  ProgramResult r = runProgram(argv, std::chrono::seconds(60));
  // 1, not 4: an expectation failed; a harness error (topology, server start) says
  // nothing about the scenario and would exit 4.
  EXPECT_EQ(r.exitCode, 1) << r.output;
  EXPECT_EQ(r.output.find("harness error"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("expected"), std::string::npos) << r.output;
  EXPECT_EQ(failedLine(r.output, v.scenario), v.line) << r.output;
  EXPECT_NE(lineOf(text, v.line).find(v.failing), std::string::npos)
      << "line " << v.line << " should hold `" << v.failing << "`: " << lineOf(text, v.line);
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

TEST(CatalogueTest, EveryScenarioPassesAgainstTheReferenceServers) {
  if (!canCreateNetns()) GTEST_SKIP() << "needs CAP_NET_ADMIN (run as root) for network namespaces";
  TempDir dir;
  ProgramResult r = runProgram({scenariosBinary(), "--all", "-j2", "--report-dir", dir.path().string()},
                               std::chrono::seconds(300));
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find(" 0 failed"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace tcpfault::test
