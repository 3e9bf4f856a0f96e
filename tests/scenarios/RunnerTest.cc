// Black-box tests of build/scenarios: files added without rebuilding, exit codes, and
// that every kind of expectation can fail with "expected ..., got ..." and file:line.
#include <gtest/gtest.h>

#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <string>

#include "RunProgram.h"

namespace tcpfault::test {
namespace {

class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!canCreateNetns()) GTEST_SKIP() << "needs CAP_NET_ADMIN (run as root) for network namespaces";
  }
  // Writes one scenario file into a fresh folder and runs it.
  ProgramResult runText(const std::string& name, const std::string& text,
                        std::vector<std::string> extra = {}) {
    writeFile(dir_.path().string() + "/" + name + ".scn", text);
    std::vector<std::string> argv{scenariosBinary(), "--dir", dir_.path().string(), "--report-dir",
                                  dir_.path().string() + "/report", name};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return runProgram(argv);
  }
  TempDir dir_;
};

constexpr const char* kRefused = R"(hosts client server
client c = connect server:9999 => -1 ECONNREFUSED within 1s
)";

TEST_F(RunnerTest, NewScenarioFileRunsWithoutRebuilding) {
  auto r = runText("refused", kRefused);
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("1 passed, 0 failed"), std::string::npos) << r.output;
}

TEST_F(RunnerTest, TapOnStdoutAndEveryReportInTheDir) {
  auto r = runText("refused", kRefused, {"--tap"});
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("TAP version 13\n1..1\nok 1 refused\n"), std::string::npos) << r.output;
  for (const char* f : {"junit.xml", "results.json", "report.html", "results.tap", "pcap/refused.pcap"})
    EXPECT_TRUE(std::filesystem::exists(dir_.path().string() + "/report/" + f)) << f;
}

TEST_F(RunnerTest, BadScenarioFileExitsTwoWithFileLineCol) {
  auto r = runText("bad", "hosts client server\nclient c = conect server:1\n");
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("bad.scn:2:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("error:"), std::string::npos) << r.output;
}

TEST_F(RunnerTest, UnknownNameIsUsageError) {
  auto r = runProgram({scenariosBinary(), "--dir", dir_.path().string(), "no-such-scenario"});
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("no-such-scenario"), std::string::npos);
}

TEST_F(RunnerTest, ListAndExplain) {
  writeFile(dir_.path().string() + "/told.scn", std::string("explain the story of a refusal\n") + kRefused);
  auto list = runProgram({scenariosBinary(), "--dir", dir_.path().string(), "--list"});
  EXPECT_EQ(list.exitCode, 0);
  EXPECT_NE(list.output.find("told"), std::string::npos) << list.output;
  auto ex = runProgram({scenariosBinary(), "--dir", dir_.path().string(), "--explain", "told"});
  EXPECT_EQ(ex.exitCode, 0);
  EXPECT_NE(ex.output.find("the story of a refusal"), std::string::npos) << ex.output;
}

// A long run with a server and an agent, to interrupt or kill in the middle.
constexpr const char* kLong = R"(hosts client server
start server fork-echo --port 9877
client c = connect server:9877 => 0
wait 30s
)";

// Ctrl-C: the run stops at once, reports it as skipped, exits 130, leaves no process.
TEST_F(RunnerTest, InterruptStopsCleanlyLeavingNothing) {
  writeFile(dir_.path().string() + "/long.scn", kLong);
  Background runner({scenariosBinary(), "--dir", dir_.path().string(), "--report-dir", dir_.path().string() + "/r", "long"});
  ASSERT_GT(runner.pid, 0);
  ASSERT_TRUE(awaitUntil([&] { return processesOfRunner(runner.pid).size() >= 2; },
                        std::chrono::seconds(10)))
      << "the server and the agent never started";
  ::kill(runner.pid, SIGINT);
  pid_t pid = runner.pid;
  EXPECT_EQ(runner.waitExit(std::chrono::seconds(10)), 130);
  EXPECT_TRUE(awaitUntil([&] { return processesOfRunner(pid).empty(); }, std::chrono::seconds(5)));
  EXPECT_TRUE(std::filesystem::exists(dir_.path().string() + "/r/junit.xml"));
}

// kill -9 of the runner: the hosts' init processes die with it and take every process
// (and so every namespace and veth) along.
TEST_F(RunnerTest, SigkillOfTheRunnerLeavesNothing) {
  writeFile(dir_.path().string() + "/long.scn", kLong);
  Background runner({scenariosBinary(), "--dir", dir_.path().string(), "--report-dir", dir_.path().string() + "/r", "long"});
  ASSERT_GT(runner.pid, 0);
  ASSERT_TRUE(awaitUntil([&] { return processesOfRunner(runner.pid).size() >= 2; },
                        std::chrono::seconds(10)));
  pid_t pid = runner.pid;
  ::kill(pid, SIGKILL);
  EXPECT_EQ(runner.waitExit(std::chrono::seconds(5)), 128 + SIGKILL);
  EXPECT_TRUE(awaitUntil([&] { return processesOfRunner(pid).empty(); }, std::chrono::seconds(5)))
      << processesOfRunner(pid).size() << " process(es) of the killed runner remain";
}

// --cleanup removes what `ip`-based tools (or an older build) could leave: named
// namespaces with our prefix.
TEST_F(RunnerTest, CleanupRemovesNamedLeftovers) {
  std::string name = "tf-cleanup-" + std::to_string(::getpid());
  ASSERT_EQ(runProgram({"/usr/bin/env", "ip", "netns", "add", name}).exitCode, 0);
  auto r = runProgram({scenariosBinary(), "--cleanup"});
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("removed network namespace " + name), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists("/run/netns/" + name));
  runProgram({"/usr/bin/env", "ip", "netns", "del", name});  // only if the test failed
}

// One deliberately wrong expectation per kind: the run must fail, naming the step's
// file:line and saying what was expected and what was observed.
struct WrongExpectation {
  const char* kind;
  const char* text;  // the scenario; its last line is the wrong one
  int line;
  const char* observed;  // a piece of the observation the message must show
};

void PrintTo(const WrongExpectation& w, std::ostream* os) { *os << w.kind; }

class ExpectationCanFail : public RunnerTest,
                           public ::testing::WithParamInterface<WrongExpectation> {};

TEST_P(ExpectationCanFail, RunFailsWithExpectedVersusObserved) {
  const auto& p = GetParam();
  auto r = runText(std::string("wrong-") + p.kind, p.text);
  EXPECT_EQ(r.exitCode, 1) << r.output;
  std::string where = std::string("wrong-") + p.kind + ".scn:" + std::to_string(p.line);
  EXPECT_NE(r.output.find(where), std::string::npos) << "no " << where << " in:\n" << r.output;
  EXPECT_NE(r.output.find("expected"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(p.observed), std::string::npos) << r.output;
}

#define WITH_LISTENER(body) "hosts client server\nserver l = listen 9877 => 0\n" body

INSTANTIATE_TEST_SUITE_P(
    Kinds, ExpectationCanFail,
    ::testing::Values(
        WrongExpectation{"errno", "hosts client server\nclient c = connect server:9999 => -1 ETIMEDOUT\n", 2, "ECONNREFUSED"},
        WrongExpectation{"ret", WITH_LISTENER("client c = connect server:9877 => 1\n"), 3, "0"},
        WrongExpectation{"data", WITH_LISTENER("client c = connect server:9877 => 0\nserver s = accept l => 0\nclient write c \"abc\" => 3\nserver read s => \"abd\"\n"), 6, "\"abc\""},
        WrongExpectation{"signal", WITH_LISTENER("client c = connect server:9877 => 0\nclient write c \"x\" => signal SIGPIPE\n"), 4, "1"},
        WrongExpectation{"caught", WITH_LISTENER("client signal SIGPIPE catch => 0\nclient c = connect server:9877 => 0\nclient write c \"x\" => 1 caught SIGPIPE\n"), 5, "1"},
        WrongExpectation{"state", WITH_LISTENER("client c = connect server:9877 => 0\nexpect client state c CLOSE_WAIT within 500ms\n"), 4, "ESTABLISHED"},
        WrongExpectation{"tcp", WITH_LISTENER("client c = connect server:9877 => 0\nexpect server tcp local 9877 ESTABLISHED count 2 within 500ms\n"), 4, "1 in ESTABLISHED"},
        WrongExpectation{"wire", WITH_LISTENER("client c = connect server:9877 => 0\nexpect wire server > client R within 500ms\n"), 4, "window:"},
        WrongExpectation{"wire_exact", WITH_LISTENER("client c = connect server:9877 => 0\nexpect wire client > server S count 2 within 500ms\n"), 4, "1 since"},
        WrongExpectation{"wire_none", WITH_LISTENER("client c = connect server:9877 => 0\nexpect wire client > server S no\n"), 4, "1 since"},
        WrongExpectation{"blocked", "hosts client server\ncrash server\nclient c = connect server:9877 timeout 300ms => 0\n", 3, "blocked for"},
        WrongExpectation{"unnamed_signal", WITH_LISTENER("client signal SIGPIPE catch => 0\nclient c = connect server:9877 => 0\nserver s = accept l => 0\nserver abort s => 0\nexpect client state c CLOSE\nclient write c \"x\" => -1 ECONNRESET\nclient write c \"y\" => -1 EPIPE\n"), 9, "caught SIGPIPE"},
        WrongExpectation{"wire_len", WITH_LISTENER("client c = connect server:9877 => 0\nclient write c \"hello\" => 5\nexpect wire client > server PA len 4 within 500ms\n"), 5, "PA len 5"},
        WrongExpectation{"within", "hosts client server\nsysctl client net.ipv4.tcp_syn_retries=1\ncrash server\nclient c = connect server:9877 => -1 ETIMEDOUT within 1s\n", 4, "ETIMEDOUT"},
        WrongExpectation{"after", "hosts client server\nclient c = connect server:9999 => -1 ECONNREFUSED after 1s\n", 2, "ECONNREFUSED"},
        WrongExpectation{"await", WITH_LISTENER("client c = connect server:9877 => 0\nclient r = read c &\nawait r => 0 within 500ms\n"), 5, "still blocked"}),
    [](const auto& p) { return std::string(p.param.kind); });

}  // namespace
}  // namespace tcpfault::test
