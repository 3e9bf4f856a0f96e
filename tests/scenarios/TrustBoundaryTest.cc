// What a scenario file, a profile, a report dir and other users' processes and namespaces
// can do to a run as root (issue 20, trust boundaries), tested on build/scenarios itself.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <set>
#include <string>

#include "RunProgram.h"
#include "netns/NetnsMark.h"
#include "netns/ProcessTable.h"

namespace tcpfault::test {
namespace {

namespace fs = std::filesystem;

class TrustBoundaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!canCreateNetns())
      GTEST_SKIP() << "needs CAP_NET_ADMIN (run as root) for network namespaces";
  }
  std::string path(const std::string& name) const { return (dir_.path() / name).string(); }
  // Writes one scenario file into a fresh folder and runs it with the options given.
  ProgramResult runText(const std::string& name, const std::string& text,
                        std::vector<std::string> extra = {}, std::vector<std::string> env = {}) {
    writeFile(path(name + ".scn"), text);
    std::vector<std::string> argv{"/usr/bin/env"};
    argv.insert(argv.end(), env.begin(), env.end());
    argv.insert(argv.end(), {scenariosBinary(), "--dir", dir_.path().string(), name});
    argv.insert(argv.end(), extra.begin(), extra.end());
    if (std::find(extra.begin(), extra.end(), "--report-dir") == extra.end())
      argv.insert(argv.end(), {"--report-dir", path("report")});
    return runProgram(argv, std::chrono::seconds(60));
  }
  TempDir dir_;
};

constexpr const char* kRefusedConnect = R"(hosts client server
client c = connect server:9999 => -1 ECONNREFUSED within 1s
)";

bool hasRaw(const std::string& text, const std::string& bytes) {
  return text.find(bytes) != std::string::npos;
}

// ---- 1. A scenario file starts $server and the reference servers; anything else only
// with --allow-exec, the user's word that the file is trusted.

TEST_F(TrustBoundaryTest, AScenarioFileStartsNoOtherProgramWithoutAllowExec) {
  std::string mark = path("ran");
  std::string text =
      "hosts client server\n"
      "start server /bin/sh -c \"touch " +
      mark + "; exec " + std::string(TCPFAULT_BUILD_DIR) +
      "/fork-echo --port 9877\"\n"
      "client c = connect server:9877 => 0\n";
  auto refused = runText("exec", text);
  EXPECT_EQ(refused.exitCode, 2) << refused.output;
  EXPECT_NE(refused.output.find(
                "exec.scn:2:14: error: '/bin/sh' is neither $server nor a reference server"),
            std::string::npos)
      << refused.output;
  EXPECT_NE(refused.output.find("--allow-exec"), std::string::npos) << refused.output;
  EXPECT_FALSE(fs::exists(mark)) << "the program ran";

  auto allowed = runText("exec", text, {"--allow-exec"});
  EXPECT_EQ(allowed.exitCode, 0) << allowed.output;
  EXPECT_TRUE(fs::exists(mark)) << allowed.output;
}

// ---- 3. The report dir is opened once, never through a symlink.

TEST_F(TrustBoundaryTest, ASymlinkedReportDirIsRefusedWithNothingWritten) {
  fs::create_directory(path("elsewhere"));
  fs::create_directory_symlink(path("elsewhere"), path("link"));
  auto r = runText("refused", kRefusedConnect, {"--report-dir", path("link")});
  EXPECT_EQ(r.exitCode, 4) << r.output;
  EXPECT_NE(r.output.find("'link' is a symlink"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::is_empty(path("elsewhere"))) << "files were made through the link";
  // A link further up the path is refused the same way (create_directories follows it).
  auto deeper = runText("refused", kRefusedConnect, {"--report-dir", path("link") + "/out"});
  EXPECT_EQ(deeper.exitCode, 4) << deeper.output;
  EXPECT_TRUE(fs::is_empty(path("elsewhere"))) << "files were made through the link";
}

// A FIFO planted as run-seconds.tsv would block the runner's open() for ever.
TEST_F(TrustBoundaryTest, AFifoPlantedAsRunSecondsNeitherBlocksNorIsWrittenThrough) {
  fs::create_directory(path("report"));
  ASSERT_EQ(::mkfifo(path("report/run-seconds.tsv").c_str(), 0666), 0);
  auto r = runText("refused", kRefusedConnect);
  EXPECT_FALSE(r.timedOut) << "blocked on the FIFO";
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_TRUE(fs::is_regular_file(path("report/run-seconds.tsv")));
}

// Under sudo the report dir's contents belong to the invoking user: the next run without
// sudo can replace them.
TEST_F(TrustBoundaryTest, UnderSudoReportsBelongToTheInvokingUser) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give files away";
  auto r = runText("refused", kRefusedConnect, {}, {"SUDO_UID=65534", "SUDO_GID=65534"});
  ASSERT_EQ(r.exitCode, 0) << r.output;
  for (const char* made : {"report", "report/results.json", "report/junit.xml",
                           "report/run-seconds.tsv", "report/pcap", "report/pcap/refused.pcap"}) {
    struct stat st {};
    ASSERT_EQ(::lstat(path(made).c_str(), &st), 0) << made;
    EXPECT_EQ(st.st_uid, 65534u) << made;
    EXPECT_EQ(st.st_gid, 65534u) << made;
  }
}

// ---- 4. --cleanup removes only what tcpfault made.

TEST_F(TrustBoundaryTest, CleanupLeavesForeignNamespacesAlone) {
  // One with any tf- name, one with exactly the name netns-bench would use: neither marked.
  std::string foreign = "tf-foreign-keep",
              lookalike = "tf-bench-" + std::to_string(4194304 + 1) + "-client";
  for (const auto& name : {foreign, lookalike})
    ASSERT_EQ(runProgram({"/usr/bin/env", "ip", "netns", "add", name}).exitCode, 0) << name;
  auto r = runProgram({scenariosBinary(), "--cleanup"});
  EXPECT_TRUE(fs::exists("/run/netns/" + foreign)) << r.output;
  EXPECT_TRUE(fs::exists("/run/netns/" + lookalike)) << r.output;
  EXPECT_NE(r.output.find("left network namespace " + foreign + " alone"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("left network namespace " + lookalike + " alone: not made by tcpfault"),
            std::string::npos)
      << r.output;
  for (const auto& name : {foreign, lookalike})
    runProgram({"/usr/bin/env", "ip", "netns", "del", name});
}

// A marker names one namespace: another made later under the same name is not ours.
TEST_F(TrustBoundaryTest, CleanupLeavesANamespaceItsMarkerDoesNotName) {
  std::string name = "tf-bench-" + std::to_string(4194304 + 2) + "-server";
  ASSERT_EQ(runProgram({"/usr/bin/env", "ip", "netns", "add", name}).exitCode, 0);
  netns::markNamedNetns(name);
  runProgram({"/usr/bin/env", "ip", "netns", "del", name});
  ASSERT_EQ(runProgram({"/usr/bin/env", "ip", "netns", "add", name}).exitCode, 0);
  auto r = runProgram({scenariosBinary(), "--cleanup"});
  EXPECT_TRUE(fs::exists("/run/netns/" + name)) << r.output;
  EXPECT_NE(r.output.find("its marker names another namespace"), std::string::npos) << r.output;
  runProgram({"/usr/bin/env", "ip", "netns", "del", name});
  netns::unmarkNamedNetns(name);
}

// The TCPFAULT_RUN values in the environment of pid's descendants.
std::set<std::string> runMarkersBelow(pid_t pid) {
  std::set<std::string> out;
  for (pid_t p : descendantsOf(pid)) {
    std::istringstream f(netns::readProcText("/proc/" + std::to_string(p) + "/environ"));
    for (std::string entry; std::getline(f, entry, '\0');)
      if (entry.rfind("TCPFAULT_RUN=", 0) == 0) out.insert(entry.substr(13));
  }
  return out;
}

// A rootless runner is pid 2 in its own PID namespace: its agents and servers name it by
// an identity --cleanup resolves from outside, so a live rootless run is left alone.
TEST_F(TrustBoundaryTest, CleanupSparesARootlessRunningRunner) {
  writeFile(path("long.scn"),
            "hosts client server\nstart server fork-echo --port 9877\n"
            "client c = connect server:9877 => 0\nwait 30s\n");
  Background runner({"/usr/bin/env", "TCPFAULT_PRIVILEGE=userns", scenariosBinary(), "--dir",
                     dir_.path().string(), "--report-dir", path("report"), "long"});
  ASSERT_GT(runner.pid, 0);
  std::set<std::string> markers;
  ASSERT_TRUE(awaitUntil(
      [&] {
        return !(markers = runMarkersBelow(runner.pid)).empty() &&
               processesOfRunner(*markers.begin()).size() >= 2;
      },
      std::chrono::seconds(10)));
  ASSERT_EQ(markers.size(), 1u);
  const std::string marker = *markers.begin();
  EXPECT_NE(marker.find(":pid:2:"), std::string::npos) << marker;  // pid 2 in its namespace
  auto before = processesOfRunner(marker);
  auto r = runProgram({scenariosBinary(), "--cleanup"});
  EXPECT_EQ(r.output.find("killed leftover process"), std::string::npos) << r.output;
  auto after = processesOfRunner(marker);  // the server may have forked since: a superset
  for (pid_t p : before)
    EXPECT_NE(std::find(after.begin(), after.end(), p), after.end()) << p << " was killed\n"
                                                                     << r.output;
  ::kill(runner.pid, SIGINT);
  EXPECT_EQ(runner.waitExit(std::chrono::seconds(10)), 130);
}

// ---- 5. Foreign bytes are shown, never obeyed by the terminal.

TEST_F(TrustBoundaryTest, CleanupShowsAStrangersEnvironmentEscaped) {
  Background marked({"/usr/bin/env",
                     "TCPFAULT_RUN=\x1b]0;owned\x07\xc2\x9b"
                     "2J",
                     "/bin/sleep", "30"});
  ASSERT_GT(marked.pid, 0);
  ASSERT_TRUE(awaitUntil(
      [&] {
        return !processesOfRunner(
                    "\x1b]0;owned\x07\xc2\x9b"
                    "2J")
                    .empty();
      },
      std::chrono::seconds(5)));
  auto r = runProgram({scenariosBinary(), "--cleanup"});
  EXPECT_NE(r.output.find("malformed TCPFAULT_RUN=\\x1b]0;owned\\x07\\u009b2J"), std::string::npos)
      << r.output;
  EXPECT_FALSE(hasRaw(r.output, "\x1b")) << r.output;
  EXPECT_FALSE(hasRaw(r.output, "\xc2\x9b")) << r.output;
}

// The probe shows the tail of what a server printed when it answered wrong: here a
// terminal-clipboard write (OSC 52) and a C1 CSI before it listens, then it echoes where
// the profile wants "pong".
TEST_F(TrustBoundaryTest, ProbeShowsServerOutputEscaped) {
  writeFile(path("noisy.profile"),
            "profile  noisy\ntraits   replies\n"
            "start    /bin/sh -c 'printf \"\\033]52;c;aGk=\\007\\302\\233\\061J boom\\n\"; exec " +
                std::string(TCPFAULT_BUILD_DIR) +
                "/fork-echo --port {port}'\n"
                "request  \"ping\\n\"\nreply    \"pong\"\n");
  auto r = runProgram({scenariosBinary(), "--all", "--filter", "half-close-echo", "--report-dir",
                       path("report"), "--profile", path("noisy.profile")},
                      std::chrono::seconds(60));
  EXPECT_EQ(r.exitCode, 4) << r.output;
  EXPECT_NE(r.output.find("\\x1b]52;c;aGk=\\x07\\u009b1J boom"), std::string::npos) << r.output;
  EXPECT_FALSE(hasRaw(r.output, "\x1b")) << r.output;
  EXPECT_FALSE(hasRaw(r.output, "\xc2\x9b")) << r.output;
}

// Parse errors quote the file's bytes: a profile's (and a scenario's) C1 controls and
// invalid UTF-8 are escaped too, not only C0.
TEST_F(TrustBoundaryTest, ParseErrorsShowTheFilesBytesEscaped) {
  writeFile(path("bad.profile"),
            "profile  bad\ntraits   echo \xc2\x9b"
            "2J\x9b"
            "31m\nstart    x {port}\n");
  auto profile = runProgram({scenariosBinary(), "--all", "--profile", path("bad.profile")});
  EXPECT_EQ(profile.exitCode, 2) << profile.output;
  EXPECT_FALSE(hasRaw(profile.output, "\xc2\x9b")) << profile.output;
  EXPECT_FALSE(hasRaw(profile.output,
                      "\x9b"
                      "31m"))
      << profile.output;
  EXPECT_NE(profile.output.find("\\u009b2J"), std::string::npos) << profile.output;

  writeFile(path("bad.scn"),
            "hosts client server\nclient c = connect server:9999 \xc2\x9b"
            "2J\n");
  auto scenario = runProgram({scenariosBinary(), "--dir", dir_.path().string(), "bad"});
  EXPECT_EQ(scenario.exitCode, 2) << scenario.output;
  EXPECT_FALSE(hasRaw(scenario.output, "\xc2\x9b")) << scenario.output;
}

}  // namespace
}  // namespace tcpfault::test
