// Black-box tests of traits and profiles: a scenario's `needs` and a profile's traits
// decide run or skip (never fail); bad profiles and `needs` lines are file:line:col
// errors; a server that cannot run is told early (exit 4); known-bad servers fail the
// stories that are about their bug, side by side in one report card.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "RunProgram.h"

namespace tcpfault::test {
namespace {

std::string readAll(const std::string& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

class ServerProfileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!canCreateNetns()) GTEST_SKIP() << "needs CAP_NET_ADMIN (run as root) for network namespaces";
  }
  std::string path(const std::string& name) const { return dir_.path().string() + "/" + name; }
  ProgramResult run(std::vector<std::string> extra) {
    std::vector<std::string> argv{scenariosBinary(), "--dir", dir_.path().string(), "--report-dir",
                                  path("report")};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return runProgram(argv, std::chrono::seconds(180));
  }
  TempDir dir_;
};

constexpr const char* kNeedsFork = R"(needs    fork reap
hosts    client server
start    server $server --reap waitpid
client   c = connect server:9877 => 0
expect   server children 1
)";

TEST_F(ServerProfileTest, UnmetNeedsAreSkippedWithTheReasonInEveryReport) {
  writeFile(path("forks.scn"), kNeedsFork);
  auto r = run({"forks", "--server", "epoll-et-echo", "--server", "fork-echo", "--tap"});
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("ok 1 forks [epoll-et-echo] # SKIP needs fork reap; epoll-et-echo has"),
            std::string::npos) << r.output;
  EXPECT_NE(r.output.find("ok 2 forks [fork-echo]\n"), std::string::npos) << r.output;
  EXPECT_NE(readAll(path("report/junit.xml")).find("<skipped message=\"needs fork reap; epoll-et-echo"),
            std::string::npos);
  EXPECT_NE(readAll(path("report/results.json")).find("needs fork reap"), std::string::npos);
  EXPECT_NE(readAll(path("report/report.html")).find("needs fork reap"), std::string::npos);
}

TEST_F(ServerProfileTest, UnknownTraitInNeedsIsFileLineCol) {
  writeFile(path("typo.scn"), "hosts client server\nneeds    echo froks\nstart server $server\n");
  auto r = run({"typo"});
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("typo.scn:2:15: error: unknown trait 'froks'"),
            std::string::npos) << r.output;
}

TEST_F(ServerProfileTest, BadProfileIsFileLineColExitTwo) {
  writeFile(path("forks.scn"), kNeedsFork);
  writeFile(path("bad.profile"), "profile  mine\ntraits   echo forks\nstart    ./mine {port}\n");
  auto r = run({"forks", "--profile", path("bad.profile")});
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("bad.profile:2:15: error: unknown trait 'forks'"), std::string::npos) << r.output;
  writeFile(path("bad.profile"), "profile  mine\nstart    ./mine --port {prot}\n");
  r = run({"forks", "--profile", path("bad.profile")});
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("bad.profile:2:24: error: unknown placeholder '{prot}'"),
            std::string::npos) << r.output;
}

TEST_F(ServerProfileTest, ServerThatCannotRunIsToldEarlyExitFour) {
  writeFile(path("forks.scn"), kNeedsFork);
  auto r = run({"--all", "--server-cmd", "echo boom-at-start; exit 3"});
  EXPECT_EQ(r.exitCode, 4) << r.output;
  EXPECT_NE(r.output.find("cannot run server 'custom'"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("boom-at-start"), std::string::npos) << r.output;
  r = run({"--all", "--server-cmd", std::string(TCPFAULT_BUILD_DIR) + "/epoll-et-echo --port 9999"});
  EXPECT_EQ(r.exitCode, 4) << r.output;
  EXPECT_NE(r.output.find("not listening on port 9877"), std::string::npos) << r.output;
}

// The deliberately buggy reference servers as profiles: each fails the story about its
// bug and passes (or skips) the others, in one run.
TEST_F(ServerProfileTest, KnownBadServersFailTheirStories) {
  std::string bin = TCPFAULT_BUILD_DIR;
  writeFile(path("bad.profile"),
            "profile  spins-on-emfile\ntraits   echo fd-limit\nstart    " + bin +
                "/epoll-et-echo --bug-emfile-spin --port {port}\n"
                "profile  loses-on-eagain\ntraits   echo fd-limit\nstart    " + bin +
                "/epoll-et-echo --bug-lose-eagain --port {port}\n"
                "profile  never-reaps\ntraits   echo fork reap\nstart    " + bin +
                "/fork-echo --reap none --port {port}\n");
  std::vector<std::string> argv{scenariosBinary(), "--report-dir", path("report"), "-j2", "--profile",
                                path("bad.profile"), "emfile-storm", "slow-reader-eagain",
                                "zombies-waitpid-loop"};
  auto r = runProgram(argv, std::chrono::seconds(180));
  EXPECT_EQ(r.exitCode, 1) << r.output;
  EXPECT_NE(r.output.find("emfile-storm [spins-on-emfile] failed:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("emfile-storm [never-reaps] skipped: needs fd-limit"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("slow-reader-eagain [loses-on-eagain] failed:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("zombies-waitpid-loop [never-reaps] failed:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("3 passed, 3 failed, 3 skipped"), std::string::npos) << r.output;
  EXPECT_NE(readAll(path("report/report.html")).find("Story &times; server"), std::string::npos);
}

}  // namespace
}  // namespace tcpfault::test
