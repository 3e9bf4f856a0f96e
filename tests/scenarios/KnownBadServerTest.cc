// Each deliberately buggy server against the whole catalogue (--all --profile, as a user
// would run their own server): the stories about its bug fail, naming the line that
// catches it, and every other story passes or is skipped -- a server that is wrong in one
// way is never failed for what it does right.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "RunProgram.h"

namespace tcpfault::test {
namespace {

struct Caught {
  const char* story;
  const char* names;  // text the failure must show: the observation that catches the bug
};

struct BadServer {
  const char* name;    // the profile's name (and the test's)
  const char* traits;  // those of the correct server it breaks, so the same stories apply
  const char* start;   // {bin} is the build folder, {src} the source tree
  std::vector<Caught> caught;
  // The card: these properties say FAIL (or, for warns, WARN) and no other says FAIL.
  std::vector<const char*> fails;
  // Properties where the same bug may also show, depending on timing: allowed to fail.
  std::vector<const char*> mayFail = {};
  std::vector<const char*> warns = {};
};

void PrintTo(const BadServer& b, std::ostream* os) { *os << b.name; }

const BadServer kBadServers[] = {
    {"dies-on-sigpipe", "echo ipv6 exit0-on-sigterm fd-limit",
     "{bin}/epoll-et-echo --bug-sigpipe --port {port} --bind {bind}",
     {{"reset-mid-write", "expected running, got killed by SIGPIPE"}},
     {"survives-reset"},
     // it may die on a reset in another story, after that story's last check
     {"keeps-serving"}},
    {"spins-on-emfile", "echo ipv6 exit0-on-sigterm fd-limit",
     "{bin}/epoll-et-echo --bug-emfile-spin --port {port} --bind {bind}",
     {{"emfile-storm", "expected below 10% cpu"}},
     {"fd-limit"}},
    {"loses-on-eagain", "echo ipv6 exit0-on-sigterm fd-limit",
     "{bin}/epoll-et-echo --bug-lose-eagain --port {port} --bind {bind}",
     {{"slow-reader-eagain", "expected 2097152"}, {"half-close-echo", "expected 1048576"}},
     // it never stops reading (it drops what it cannot send), so reset-mid-write never
     // reaches its RST: a setup failure, which that story's `setup-checks` names slow-reader
     {"slow-reader", "half-close"}},
    {"never-reaps", "echo fork reap logs-accept-errors logs-reaps ipv6 exit0-on-sigterm",
     "{bin}/fork-echo --reap none --port {port} --bind {bind}",
     {{"zombies-waitpid-loop", "expected 0 zombies"},
      {"fork-child-per-connection", "expected 0 zombies"},
      {"eintr-accept", "expected log line containing \"EINTR\""},
      {"zombies-wait-once", "expected log line containing \"terminated\""}},
     {"reaps-children"}},
    {"loses-on-eof", "echo ipv6 exit0-on-sigterm fd-limit",
     "{bin}/epoll-et-echo --bug-close-on-eof --port {port} --bind {bind}",
     {{"half-close-echo", "expected 196608"}},
     {"half-close"}},
    {"leaks-on-error", "echo ipv6 exit0-on-sigterm fd-limit",
     "{bin}/epoll-et-echo --bug-leak-on-error --port {port} --bind {bind}",
     {{"clients-come-and-go", "fds"}},
     {"no-leak"}},
    {"never-closes", "echo ipv6",
     "python3 {src}/servers/known-bad/never-closes-echo.py --port {port} --bind {bind}",
     {{"clients-come-and-go", "CLOSE_WAIT"}, {"normal-termination", "expected"}},
     // "then closes" is half of half-close
     {"no-leak", "half-close"}},
    {"iterative", "echo ipv6",
     "python3 {src}/servers/known-bad/iterative-echo.py --port {port} --bind {bind}",
     {{"silent-client-blocks-none", "still blocked"},
      {"crashed-client-blocks-none", "still blocked"},
      {"slow-reader-blocks-none", "still blocked"}},
     {"no-head-of-line-blocking"}},
    {"ignores-sigterm", "echo ipv6 exit0-on-sigterm",
     "python3 {src}/servers/known-bad/ignores-sigterm-echo.py --port {port} --bind {bind}",
     {{"server-sigterm-exit0", "expected exit 0, got killed by SIGKILL"}},
     {"graceful-shutdown"}},
    // A correct server without dead-peer detection: a warning, exit 0.
    {"no-keepalive", "echo ipv6 exit0-on-sigterm fd-limit",
     "{bin}/epoll-et-echo --port {port} --bind {bind}",
     {},
     {},
     {},
     {"dead-peer-detection"}},
};

std::string expandPaths(std::string s) {
  for (size_t at; (at = s.find("{bin}")) != std::string::npos;) s.replace(at, 5, TCPFAULT_BUILD_DIR);
  for (size_t at; (at = s.find("{src}")) != std::string::npos;) s.replace(at, 5, TCPFAULT_SOURCE_DIR);
  return s;
}

// The report card's notes: "  STORY [SERVER] failed: WHY", one per failed cell.
std::vector<std::pair<std::string, std::string>> failedCells(const std::string& output,
                                                             const std::string& server) {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream lines(output);
  std::string prefix = " [" + server + "] failed: ";
  for (std::string line; std::getline(lines, line);) {
    size_t at = line.find(prefix);
    if (!line.starts_with("  ") || at == std::string::npos || line.find(' ', 2) != at) continue;
    out.emplace_back(line.substr(2, at - 2), line.substr(at + prefix.size()));
  }
  return out;
}

// The server card's findings: "  PROPERTY [SERVER] FAIL: ..." (or WARN), property -> verdict.
std::map<std::string, std::string> cardFindings(const std::string& output, const std::string& server) {
  std::map<std::string, std::string> out;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);)
    for (const char* verdict : {"FAIL", "WARN"}) {
      std::string mid = " [" + server + "] " + verdict + ": ";
      size_t at = line.find(mid);
      if (line.starts_with("  ") && at != std::string::npos && line.find(' ', 2) == at)
        out[line.substr(2, at - 2)] = verdict;
    }
  return out;
}

class KnownBadServer : public ::testing::TestWithParam<BadServer> {
 protected:
  void SetUp() override {
    if (!canCreateNetns()) GTEST_SKIP() << "needs CAP_NET_ADMIN (run as root) for network namespaces";
  }
  TempDir dir_;
};

TEST_P(KnownBadServer, FailsTheStoriesAboutItsBugAndNoOther) {
  const BadServer& b = GetParam();
  std::string profile = dir_.path().string() + "/bad.profile";
  writeFile(profile, std::string("profile  ") + b.name + "\ntraits   " + b.traits + "\nstart    " +
                         expandPaths(b.start) + "\n");
  ProgramResult r = runProgram({scenariosBinary(), "--all", "-j4", "--no-probe", "--profile", profile,  // 4 lanes: four of these beside other tests
                                "--report-dir", dir_.path().string() + "/report"},
                               std::chrono::seconds(280));
  ASSERT_FALSE(r.timedOut) << r.output;
  // Warnings never fail the suite: the exit code comes from fails only.
  EXPECT_EQ(r.exitCode, b.fails.empty() ? 0 : 1) << r.output;

  auto failed = failedCells(r.output, b.name);
  for (const Caught& c : b.caught) {
    bool seen = false;
    for (const auto& [story, why] : failed)
      if (story == c.story) {
        seen = true;
        EXPECT_NE(why.find(c.names), std::string::npos) << c.story << " failed, but not on the bug: " << why;
      }
    EXPECT_TRUE(seen) << c.story << " did not catch " << b.name << ":\n" << r.output;
  }
  // The card names the property it breaks, and fails no other.
  auto card = cardFindings(r.output, b.name);
  for (const char* p : b.fails) EXPECT_EQ(card[p], "FAIL") << p << " [" << b.name << "]:\n" << r.output;
  for (const char* p : b.warns) EXPECT_EQ(card[p], "WARN") << p << " [" << b.name << "]:\n" << r.output;
  std::set<std::string> allowed(b.fails.begin(), b.fails.end());
  allowed.insert(b.mayFail.begin(), b.mayFail.end());
  for (const auto& [property, verdict] : card) {
    if (verdict != "FAIL") continue;
    EXPECT_TRUE(allowed.contains(property)) << "a false failure: " << property << " [" << b.name << "]\n" << r.output;
  }
}

INSTANTIATE_TEST_SUITE_P(Catalogue, KnownBadServer, ::testing::ValuesIn(kBadServers),
                         [](const auto& p) {
                           std::string n = p.param.name;
                           for (char& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

}  // namespace
}  // namespace tcpfault::test
