// Black-box tests of build/scenarios: files added without rebuilding, exit codes, and
// that every kind of expectation can fail with "expected ..., got ..." and file:line.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "RunProgram.h"
#include "netns/NetnsMark.h"

namespace tcpfault::test {
namespace {

// Loading, listing and explaining need no privilege: these tests never skip, and run the
// runner as an unprivileged user to show it.
class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Readable and writable by the unprivileged user of unprivileged().
    std::filesystem::permissions(dir_.path(), std::filesystem::perms::all);
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

// Running scenarios needs network namespaces.
class RunnerNetnsTest : public RunnerTest {
 protected:
  void SetUp() override {
    RunnerTest::SetUp();
    if (!canCreateNetns()) GTEST_SKIP() << "needs CAP_NET_ADMIN (run as root) for network namespaces";
  }
};

constexpr const char* kRefused = R"(hosts client server
client c = connect server:9999 => -1 ECONNREFUSED within 1s
)";

TEST_F(RunnerNetnsTest, NewScenarioFileRunsWithoutRebuilding) {
  auto r = runText("refused", kRefused);
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("1 passed, 0 failed"), std::string::npos) << r.output;
}

TEST_F(RunnerNetnsTest, TapOnStdoutAndEveryReportInTheDir) {
  auto r = runText("refused", kRefused, {"--tap"});
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("TAP version 13\n1..1\nok 1 refused\n"), std::string::npos) << r.output;
  for (const char* f : {"junit.xml", "results.json", "report.html", "results.tap", "pcap/refused.pcap"})
    EXPECT_TRUE(std::filesystem::exists(dir_.path().string() + "/report/" + f)) << f;
}

TEST_F(RunnerTest, BadScenarioFileExitsTwoWithFileLineCol) {
  writeFile(dir_.path().string() + "/bad.scn", "hosts client server\nclient c = conect server:1\n");
  auto r = runProgram(unprivileged({scenariosBinary(), "--dir", dir_.path().string(), "bad"}));
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("bad.scn:2:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("error:"), std::string::npos) << r.output;
}

// Host names that parsed but could not run (was: exit 4, the topology refused them):
// uppercase, and two names whose links (tf- + 12 characters) would be one.
TEST_F(RunnerTest, HostNamesTheTopologyCannotTakeAreParseErrors) {
  for (const char* hosts : {"client Server", "clientnumber1 clientnumber2"}) {
    writeFile(dir_.path().string() + "/names.scn",
              std::string("hosts ") + hosts + "\nclient c = connect server:9999 => -1 ECONNREFUSED\n");
    auto r = runProgram(unprivileged({scenariosBinary(), "--dir", dir_.path().string(), "names"}));
    EXPECT_EQ(r.exitCode, 2) << hosts << ": " << r.output;
    EXPECT_NE(r.output.find("names.scn:1:"), std::string::npos) << r.output;
  }
}

TEST_F(RunnerTest, UnknownNameIsUsageError) {
  auto r = runProgram(unprivileged({scenariosBinary(), "--dir", dir_.path().string(), "no-such-scenario"}));
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("no-such-scenario"), std::string::npos);
}

TEST_F(RunnerTest, ListAndExplain) {
  writeFile(dir_.path().string() + "/told.scn", std::string("explain the story of a refusal\n") + kRefused);
  auto list = runProgram(unprivileged({scenariosBinary(), "--dir", dir_.path().string(), "--list"}));
  EXPECT_EQ(list.exitCode, 0);
  EXPECT_NE(list.output.find("told"), std::string::npos) << list.output;
  auto ex = runProgram(unprivileged({scenariosBinary(), "--dir", dir_.path().string(), "--explain", "told"}));
  EXPECT_EQ(ex.exitCode, 0);
  EXPECT_NE(ex.output.find("the story of a refusal"), std::string::npos) << ex.output;
}

// --explain PROPERTY: the meaning, the stories that check it (here: the file in --dir),
// the epilogue for its three, and the fix; a name that is neither lists the properties.
TEST_F(RunnerTest, ExplainAPropertyNamesItsStoriesAndFix) {
  writeFile(dir_.path().string() + "/leaky.scn", std::string("checks no-leak\n") + kRefused);
  auto ex = runProgram(unprivileged({scenariosBinary(), "--dir", dir_.path().string(), "--explain", "no-leak"}));
  EXPECT_EQ(ex.exitCode, 0) << ex.output;
  EXPECT_NE(ex.output.find("no-leak (fail: a correctness bug)"), std::string::npos) << ex.output;
  EXPECT_NE(ex.output.find("  leaky "), std::string::npos) << ex.output;
  EXPECT_NE(ex.output.find("the epilogue after every $server story"), std::string::npos) << ex.output;
  EXPECT_NE(ex.output.find("how to fix:\n  close()"), std::string::npos) << ex.output;
  auto warn = runProgram(unprivileged({scenariosBinary(), "--dir", dir_.path().string(), "--explain",
                                       "dead-peer-detection"}));
  EXPECT_NE(warn.output.find("(warn: a policy worth knowing, never a failure)"), std::string::npos) << warn.output;
  auto none = runProgram(unprivileged({scenariosBinary(), "--dir", dir_.path().string(), "--explain", "no-leaks"}));
  EXPECT_EQ(none.exitCode, 2) << none.output;
  EXPECT_NE(none.output.find("properties: serves ipv6 half-close no-leak"), std::string::npos) << none.output;
}

// Scenario text reaches the terminal as text: an escape sequence in a name or an
// explanation is shown, never obeyed (ESC would clear the screen, set the clipboard...).
TEST_F(RunnerTest, ListAndExplainShowControlCharactersAsText) {
  writeFile(dir_.path().string() + "/esc.scn",
            std::string("ref UNP \x1b]52;c;aGk=\x07\nexplain clear \x1b[2J screen \xc2\x9b" "31m red\n") + kRefused);
  auto list = runProgram(unprivileged({scenariosBinary(), "--dir", dir_.path().string(), "--list"}));
  auto ex = runProgram(unprivileged({scenariosBinary(), "--dir", dir_.path().string(), "--explain", "esc"}));
  for (const auto* r : {&list, &ex}) {
    EXPECT_EQ(r->exitCode, 0) << r->output;
    EXPECT_EQ(r->output.find('\x1b'), std::string::npos) << r->output;
    EXPECT_EQ(r->output.find("\xc2\x9b"), std::string::npos) << r->output;
    EXPECT_EQ(r->output.find('\x07'), std::string::npos) << r->output;
  }
  EXPECT_NE(list.output.find("\\x1b]52;c;aGk=\\x07"), std::string::npos) << list.output;
  EXPECT_NE(ex.output.find("clear \\x1b[2J screen \\u009b31m red"), std::string::npos) << ex.output;
}

// A long run with a server and an agent, to interrupt or kill in the middle.
constexpr const char* kLong = R"(hosts client server
start server fork-echo --port 9877
client c = connect server:9877 => 0
wait 30s
)";

// Ctrl-C: the run stops at once, reports it as skipped, exits 130, leaves no process.
TEST_F(RunnerNetnsTest, InterruptStopsCleanlyLeavingNothing) {
  writeFile(dir_.path().string() + "/long.scn", kLong);
  Background runner({scenariosBinary(), "--dir", dir_.path().string(), "--report-dir", dir_.path().string() + "/r", "long"});
  ASSERT_GT(runner.pid, 0);
  std::string marker = runnerMarker(runner.pid);
  ASSERT_TRUE(awaitUntil([&] { return processesOfRunner(marker).size() >= 2; },
                        std::chrono::seconds(10)))
      << "the server and the agent never started";
  ::kill(runner.pid, SIGINT);
  EXPECT_EQ(runner.waitExit(std::chrono::seconds(10)), 130);
  EXPECT_TRUE(awaitUntil([&] { return processesOfRunner(marker).empty(); }, std::chrono::seconds(5)));
  EXPECT_TRUE(std::filesystem::exists(dir_.path().string() + "/r/junit.xml"));
}

// Is sig pending for pid (its own or its thread group's)? From /proc/PID/status.
bool signalPending(pid_t pid, int sig) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  bool pending = false;
  while (std::getline(status, line))
    if (line.rfind("SigPnd:", 0) == 0 || line.rfind("ShdPnd:", 0) == 0)
      pending |= (std::stoull(line.substr(7), nullptr, 16) >> (sig - 1)) & 1;
  return pending;
}

// Rootless (an unprivileged user with user namespaces), the runner is PID 2 under an init
// of its own; a second Ctrl-C must still end everything at once, although that init
// ignores a SIGINT it has no handler for.
TEST_F(RunnerNetnsTest, SecondCtrlCEndsARootlessRun) {
  writeFile(dir_.path().string() + "/long.scn", kLong);
  Background relay(unprivileged({scenariosBinary(), "--dir", dir_.path().string(), "--report-dir",
                                 dir_.path().string() + "/r", "long"}));
  ASSERT_GT(relay.pid, 0);
  pid_t pid = relay.pid;
  auto serverUp = [&] {
    for (pid_t p : descendantsOf(pid)) {
      std::ifstream comm("/proc/" + std::to_string(p) + "/comm");
      std::string name;
      if (std::getline(comm, name) && name == "fork-echo") return true;
    }
    return false;
  };
  ASSERT_TRUE(awaitUntil(serverUp, std::chrono::seconds(10))) << "the server never started";
  // A runner stuck in its clean stop (stopped here, so the first Ctrl-C cannot end it):
  // only the second can, by killing the PID namespace from outside.
  for (pid_t p : descendantsOf(pid)) {
    std::ifstream cmdline("/proc/" + std::to_string(p) + "/cmdline");
    std::string argv0;
    std::getline(cmdline, argv0, '\0');
    if (argv0 == scenariosBinary()) ::kill(p, SIGSTOP);  // the runner, not its agents
  }
  // Two Ctrl-Cs, not one: a second SIGINT sent while the first is still pending merges
  // with it.
  ::kill(pid, SIGINT);
  ASSERT_TRUE(awaitUntil([&] { return !signalPending(pid, SIGINT); }, std::chrono::seconds(5)));
  ::kill(pid, SIGINT);
  EXPECT_EQ(relay.waitExit(std::chrono::seconds(5)), 130) << "-1: still running after 5 s";
  EXPECT_TRUE(awaitUntil([&] { return descendantsOf(pid).empty(); }, std::chrono::seconds(5)));
}

// A harness error -- here a server that will not start -- is not a failed expectation:
// the run is an error with its reason, in every report, and the runner exits 4.
TEST_F(RunnerNetnsTest, HarnessErrorExitsFourAndIsAnErrorInEveryReport) {
  auto r = runText("nostart", "hosts client server\nstart server /nonexistent/server\n",
                   {"--tap", "--allow-exec"});
  EXPECT_EQ(r.exitCode, 4) << r.output;
  EXPECT_NE(r.output.find("not ok 1 nostart"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("severity: error"), std::string::npos) << r.output;
  std::ifstream junit(dir_.path().string() + "/report/junit.xml");
  std::string xml((std::istreambuf_iterator<char>(junit)), {});
  EXPECT_NE(xml.find("<error"), std::string::npos) << xml;
  std::ifstream json(dir_.path().string() + "/report/results.json");
  std::string js((std::istreambuf_iterator<char>(json)), {});
  EXPECT_NE(js.find("\"error\""), std::string::npos) << js;
}

// A report dir that cannot be written is a harness error reported before any run, exit 4,
// never std::terminate.
TEST_F(RunnerNetnsTest, UnwritableReportDirExitsFour) {
  writeFile(dir_.path().string() + "/refused.scn", kRefused);
  writeFile(dir_.path().string() + "/afile", "");
  auto r = runProgram({scenariosBinary(), "--dir", dir_.path().string(), "--report-dir",
                       dir_.path().string() + "/afile/report", "refused"});
  EXPECT_EQ(r.exitCode, 4) << r.output;
  EXPECT_NE(r.output.find("report dir"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("terminate"), std::string::npos) << r.output;
}

// A global sysctl would change the whole machine: refused as file:line:col, exit 2,
// before anything runs.
TEST_F(RunnerNetnsTest, GlobalSysctlKeyIsAFileLineColError) {
  auto r = runText("global", "hosts client server\nsysctl client net.core.rmem_max=4096\n");
  EXPECT_EQ(r.exitCode, 2) << r.output;
  EXPECT_NE(r.output.find("global.scn:2:15: error:"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("net.core.rmem_max"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("passed"), std::string::npos) << r.output;
}

// A story for other kernels is a skip with the reason, in every report; a `when` step
// runs only on the kernels it names. Versions 1.0 and 99.0 lie on either side of any
// kernel this runs on; the failing step makes each guard able to fail.
constexpr const char* kGuarded = R"(hosts client server
client c = connect server:9999 => -1 ECONNREFUSED within 1s
when kernel GUARD  expect client tcp remote 9999 ESTABLISHED count 5 within 100ms
)";

std::string guarded(const std::string& guard) {
  std::string text = kGuarded;
  return text.replace(text.find("GUARD"), 5, guard);
}

TEST_F(RunnerNetnsTest, KernelLineSkipsTheStoryWithTheReason) {
  auto r = runText("newer", std::string("kernel >= 99.0\n") + kRefused, {"--tap"});
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("ok 1 newer # SKIP holds on kernel >= 99.0; this kernel is "), std::string::npos)
      << r.output;
  auto here = runText("older", std::string("kernel >= 1.0\nkernel < 99.0\n") + kRefused, {"--tap"});
  EXPECT_EQ(here.exitCode, 0) << here.output;
  EXPECT_NE(here.output.find("ok 1 older\n"), std::string::npos) << here.output;
}

TEST_F(RunnerNetnsTest, WhenStepRunsOnlyOnTheKernelsItNames) {
  auto skipped = runText("guard", guarded(">= 99.0"), {"-v"});
  EXPECT_EQ(skipped.exitCode, 0) << skipped.output;
  EXPECT_NE(skipped.output.find("not on this kernel ("), std::string::npos) << skipped.output;
  auto ran = runText("guard", guarded("< 99.0"));
  EXPECT_EQ(ran.exitCode, 1) << ran.output;
  EXPECT_NE(ran.output.find("(guard.scn:3)"), std::string::npos) << ran.output;
}

TEST_F(RunnerTest, ExplainShowsWhatEachKernelDoes) {
  writeFile(dir_.path().string() + "/told.scn", "kernel >= 1.0\nexplain 6.13 made it linear\n" + guarded("< 99.0"));
  auto ex = runProgram(unprivileged({scenariosBinary(), "--dir", dir_.path().string(), "--explain", "told"}));
  EXPECT_EQ(ex.exitCode, 0) << ex.output;
  EXPECT_NE(ex.output.find("  kernel >= 1.0 (line 1; this kernel, "), std::string::npos) << ex.output;
  EXPECT_NE(ex.output.find("  per kernel:\n    line 5    when kernel < 99.0  expect client tcp"), std::string::npos)
      << ex.output;
  EXPECT_NE(ex.output.find("6.13 made it linear"), std::string::npos) << ex.output;
}

// The feature probe: a feature the kernel lacks (injected here) is one line, and only the
// runs that need it are skipped with the reason; with nothing left to run, exit 4.
size_t occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class FeatureProbeTest : public RunnerNetnsTest {
 protected:
  ProgramResult runAll(const std::string& absent) {
    writeFile(dir_.path().string() + "/refused.scn", kRefused);
    writeFile(dir_.path().string() + "/rated.scn", std::string("hosts client server\nrate client > server 1mbit\n") +
                                                        "client c = connect server:9999 => -1 ECONNREFUSED within 1s\n");
    writeFile(dir_.path().string() + "/both.scn", std::string(kRefused) + "expect wire dropped 0\n");
    return runProgram({"/usr/bin/env", "TCPFAULT_ABSENT_FEATURES=" + absent, scenariosBinary(), "--dir", dir_.path().string(),
                       "--report-dir", dir_.path().string() + "/report", "--all", "--tap", "-j1"});
  }
};

TEST_F(FeatureProbeTest, AMissingFeatureIsOneLineAndSkipsOnlyTheRunsThatNeedIt) {
  auto r = runAll("tbf");
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_EQ(occurrences(r.output, "scenarios: this kernel lacks"), 1u) << r.output;
  EXPECT_NE(r.output.find("scenarios: this kernel lacks tbf (sch_tbf) (absent by TCPFAULT_ABSENT_FEATURES): 1 run(s) "
                          "that need it are skipped\n"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find(" rated # SKIP needs tbf (sch_tbf), which this kernel lacks"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(" refused\n"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(" both\n"), std::string::npos) << r.output;
  std::ifstream in(dir_.path().string() + "/report/junit.xml");
  std::string junit{std::istreambuf_iterator<char>(in), {}};
  EXPECT_NE(junit.find("<skipped message=\"needs tbf (sch_tbf), which this kernel lacks"), std::string::npos) << junit;
}

TEST_F(FeatureProbeTest, NothingLeftToRunExitsFourWithOneLinePerFeature) {
  auto r = runAll("veth,nf_tables");
  EXPECT_EQ(r.exitCode, 4) << r.output;
  EXPECT_EQ(occurrences(r.output, "this kernel lacks veth (veth.ko)"), 1u) << r.output;
  EXPECT_EQ(occurrences(r.output, "this kernel lacks nf_tables"), 1u) << r.output;
  EXPECT_NE(r.output.find("3 run(s) that need it are skipped"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("no run has what it needs on this kernel"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("passed"), std::string::npos) << r.output;
}

TEST_F(FeatureProbeTest, AnUnknownFeatureNameIsRefused) {
  auto r = runAll("tbff");
  EXPECT_EQ(r.exitCode, 4) << r.output;
  EXPECT_NE(r.output.find("unknown feature 'tbff'"), std::string::npos) << r.output;
}

// Rootless, a corrupted segment still reaches the receiver with its checksum wrong: the
// kernel refuses payload mangling in a user namespace's netns (nfqnl_mangle: EPERM, the
// packet silently dropped), so the engine sends the edited copy from the raw socket.
TEST_F(RunnerNetnsTest, CorruptWorksRootless) {
  writeFile(dir_.path().string() + "/corrupt.scn", R"(hosts client server
start    server epoll-et-echo
client   c = connect server:9877                => 0
mark     m
corrupt  client > server data count 1
client   write c "ping\n"                       => 5
client   read c                                 => "ping\n" within 2s
expect   wire corrupted 1
expect   server mib TcpInCsumErrors = 1 since m
)");
  auto r = runProgram(unprivileged({scenariosBinary(), "--dir", dir_.path().string(), "--report-dir",
                                    dir_.path().string() + "/report", "corrupt"}));
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find("1 passed, 0 failed"), std::string::npos) << r.output;
}

// `close c` while a background call uses c would free the socket under that call (and
// let its fd number be reused): refused with EBUSY until the call is awaited.
TEST_F(RunnerNetnsTest, CloseWithABackgroundCallPendingIsRefused) {
  auto r = runText("busy", "hosts client server\nserver l = listen 9877 => 0\n"
                           "client c = connect server:9877 => 0\nserver s = accept l => 0\n"
                           "client r = readall c 3 &\nclient close c => -1 EBUSY\n"
                           "server write s \"abc\" => 3\nawait r => 3 within 2s\n"
                           "client close c => 0\n");
  EXPECT_EQ(r.exitCode, 0) << r.output;
}

// `c = connect ...` twice: the first socket is closed, not dropped (was: no FIN, its fd
// leaked in the agent), so the server's end of it sees the FIN.
TEST_F(RunnerNetnsTest, ReassigningASocketNameClosesTheOldSocket) {
  auto r = runText("reassigned", "hosts client server\nserver l = listen 9877 => 0\n"
                                 "client c = connect server:9877 => 0\nserver s = accept l => 0\n"
                                 "client c = connect server:9877 => 0\n"
                                 "expect server state s CLOSE_WAIT within 1s\n");
  EXPECT_EQ(r.exitCode, 0) << r.output;
}

// A reboot starts again the server that ran on the host, and only a running one: was, a
// server the scenario had stopped came back and took the connect.
TEST_F(RunnerNetnsTest, RebootRestartsOnlyARunningServer) {
  std::string head = "hosts client server\nstart server fork-echo --port 9877\n";
  auto running = runText("running", head + "reboot server\nclient c = connect server:9877 => 0 within 5s\n");
  EXPECT_EQ(running.exitCode, 0) << running.output;
  auto stopped = runText("stopped", head + "stop server\nreboot server\n"
                                           "client c = connect server:9877 => -1 ECONNREFUSED within 5s\n");
  EXPECT_EQ(stopped.exitCode, 0) << stopped.output;
}

// `interrupt` with the default disposition: the signal ends the agent while the call
// sleeps, and the await says so (the EINTR and SA_RESTART stories are in the catalogue).
TEST_F(RunnerNetnsTest, InterruptWithDefaultDispositionKillsTheAgent) {
  auto r = runText("uncaught", "hosts client server\nserver l = listen 9877 => 0\n"
                               "server a = accept l &\ninterrupt server a SIGUSR1\n"
                               "await a => signal SIGUSR1\n");
  EXPECT_EQ(r.exitCode, 0) << r.output;
}

// `expect HOST asleep in NAME` reads where the server's main thread sleeps: fork-echo's
// parent waits in accept4, never in read, and the failure says where it is.
TEST_F(RunnerNetnsTest, AsleepNamesTheCallTheServerWaitsIn) {
  std::string head = "hosts client server\nstart server fork-echo\n";
  auto ok = runText("inaccept", head + "expect server asleep in accept4 within 2s\n");
  EXPECT_EQ(ok.exitCode, 0) << ok.output;
  auto bad = runText("inread", head + "expect server asleep in read within 500ms\n");
  EXPECT_EQ(bad.exitCode, 1) << bad.output;
  EXPECT_NE(bad.output.find("expected: asleep in read"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("observed: asleep in accept4"), std::string::npos) << bad.output;
}

// kill -9 of the runner: the hosts' init processes die with it and take every process
// (and so every namespace and veth) along.
TEST_F(RunnerNetnsTest, SigkillOfTheRunnerLeavesNothing) {
  writeFile(dir_.path().string() + "/long.scn", kLong);
  Background runner({scenariosBinary(), "--dir", dir_.path().string(), "--report-dir", dir_.path().string() + "/r", "long"});
  ASSERT_GT(runner.pid, 0);
  std::string marker = runnerMarker(runner.pid);
  ASSERT_TRUE(awaitUntil([&] { return processesOfRunner(marker).size() >= 2; },
                        std::chrono::seconds(10)));
  ::kill(runner.pid, SIGKILL);
  EXPECT_EQ(runner.waitExit(std::chrono::seconds(5)), 128 + SIGKILL);
  EXPECT_TRUE(awaitUntil([&] { return processesOfRunner(marker).empty(); }, std::chrono::seconds(5)))
      << processesOfRunner(marker).size() << " process(es) of the killed runner remain";
}

// A pid no process can have: one past pid_max. (A reaped child's pid was seen alive again
// by the runner: another test's process, or the same number in another PID namespace.)
pid_t deadPid() {
  long max = 4194304;
  std::ifstream("/proc/sys/kernel/pid_max") >> max;
  return static_cast<pid_t>(max + 1);
}

// --cleanup removes what netns-bench's `ip`-based topology (or an older build) could
// leave: named namespaces with a tcpfault name and marker whose owner is gone.
TEST_F(RunnerNetnsTest, CleanupRemovesNamedLeftovers) {
  std::string name = "tf-cleanup-" + std::to_string(deadPid()) + "-test";
  ASSERT_EQ(runProgram({"/usr/bin/env", "ip", "netns", "add", name}).exitCode, 0);
  netns::markNamedNetns(name);
  auto r = runProgram({scenariosBinary(), "--cleanup"});
  // 0 unless a leftover could not be removed: CleanupThatCannotRemoveExitsNonZero, in
  // parallel, may plant one.
  EXPECT_EQ(r.exitCode, r.output.find("cannot remove") == std::string::npos ? 0 : 1) << r.output;
  EXPECT_NE(r.output.find("removed network namespace " + name), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists("/run/netns/" + name));
  EXPECT_FALSE(netns::markedNetns(name)) << "the marker outlived its namespace";
  runProgram({"/usr/bin/env", "ip", "netns", "del", name});  // only if the test failed
  netns::unmarkNamedNetns(name);
}

// A namespace whose owner (the pid in its name) is alive belongs to a live run: kept.
TEST_F(RunnerNetnsTest, CleanupKeepsTheNamespaceOfALiveRun) {
  std::string name = "tf-cleanup-" + std::to_string(::getpid()) + "-test";
  ASSERT_EQ(runProgram({"/usr/bin/env", "ip", "netns", "add", name}).exitCode, 0);
  netns::markNamedNetns(name);
  auto r = runProgram({scenariosBinary(), "--cleanup"});
  EXPECT_TRUE(std::filesystem::exists("/run/netns/" + name)) << r.output;
  EXPECT_NE(r.output.find("kept network namespace " + name), std::string::npos) << r.output;
  runProgram({"/usr/bin/env", "ip", "netns", "del", name});
  netns::unmarkNamedNetns(name);
}

// What cannot be removed is said, and the exit code says it too: here a marked name that
// is a folder, not a namespace mount.
TEST_F(RunnerNetnsTest, CleanupThatCannotRemoveExitsNonZero) {
  std::string name = "tf-stuck-" + std::to_string(deadPid()) + "-test";
  std::filesystem::path stuck = "/run/netns/" + name;
  std::filesystem::create_directories(stuck / "in-the-way");
  netns::markNamedNetns(name);
  auto r = runProgram({scenariosBinary(), "--cleanup"});
  EXPECT_EQ(r.exitCode, 1) << r.output;
  EXPECT_NE(r.output.find("cannot remove network namespace " + name + ": not a namespace mount"),
            std::string::npos) << r.output;
  EXPECT_TRUE(std::filesystem::exists(stuck / "in-the-way")) << "removed what is not a namespace";
  std::filesystem::remove_all(stuck);
  netns::unmarkNamedNetns(name);
}

// A process whose TCPFAULT_RUN is not a pid is left alone with a word, not a crash.
TEST_F(RunnerNetnsTest, CleanupSurvivesAMalformedRunMarker) {
  Background marked({"/usr/bin/env", "TCPFAULT_RUN=not-a-pid", "/bin/sleep", "30"});
  ASSERT_GT(marked.pid, 0);
  ASSERT_TRUE(awaitUntil([&] { return !processesOfRunner("not-a-pid").empty(); },
                         std::chrono::seconds(5)));
  auto r = runProgram({scenariosBinary(), "--cleanup"});
  EXPECT_EQ(r.exitCode, r.output.find("cannot remove") == std::string::npos ? 0 : 1) << r.output;
  EXPECT_NE(r.output.find("malformed TCPFAULT_RUN=not-a-pid"), std::string::npos) << r.output;
  EXPECT_FALSE(processesOfRunner("not-a-pid").empty()) << "it was killed";
}

// One deliberately wrong expectation per kind: the run must fail, naming the step's
// file:line and saying what was expected and what was observed.
struct WrongExpectation {
  const char* kind;
  const char* text;  // the scenario; its last line is the wrong one
  int line;
  // What the message must show after "got ": the observation itself, never a piece that
  // the expected text (or any number) would also contain.
  const char* observed;
};

void PrintTo(const WrongExpectation& w, std::ostream* os) { *os << w.kind; }

class ExpectationCanFail : public RunnerNetnsTest,
                           public ::testing::WithParamInterface<WrongExpectation> {};

TEST_P(ExpectationCanFail, RunFailsWithExpectedVersusObserved) {
  const auto& p = GetParam();
  auto r = runText(std::string("wrong-") + p.kind, p.text);
  EXPECT_EQ(r.exitCode, 1) << r.output;
  std::string where = std::string("wrong-") + p.kind + ".scn:" + std::to_string(p.line);
  EXPECT_NE(r.output.find(where), std::string::npos) << "no " << where << " in:\n" << r.output;
  EXPECT_NE(r.output.find("expected"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(std::string("got ") + p.observed), std::string::npos) << r.output;
}

#define WITH_LISTENER(body) "hosts client server\nserver l = listen 9877 => 0\n" body

INSTANTIATE_TEST_SUITE_P(
    Kinds, ExpectationCanFail,
    ::testing::Values(
        WrongExpectation{"errno", "hosts client server\nclient c = connect server:9999 => -1 ETIMEDOUT\n", 2, "-1 ECONNREFUSED in"},
        WrongExpectation{"ret", WITH_LISTENER("client c = connect server:9877 => 1\n"), 3, "0 in"},
        WrongExpectation{"data", WITH_LISTENER("client c = connect server:9877 => 0\nserver s = accept l => 0\nclient write c \"abc\" => 3\nserver read s => \"abd\"\n"), 6, "3 \"abc\""},
        WrongExpectation{"signal", WITH_LISTENER("client c = connect server:9877 => 0\nclient write c \"x\" => signal SIGPIPE\n"), 4, "1 in"},
        WrongExpectation{"caught", WITH_LISTENER("client signal SIGPIPE catch => 0\nclient c = connect server:9877 => 0\nclient write c \"x\" => 1 caught SIGPIPE\n"), 5, "1 in"},
        WrongExpectation{"state", WITH_LISTENER("client c = connect server:9877 => 0\nexpect client state c CLOSE_WAIT within 500ms\n"), 4, "state ESTABLISHED"},
        WrongExpectation{"tcp", WITH_LISTENER("client c = connect server:9877 => 0\nexpect server tcp local 9877 ESTABLISHED count 2 within 500ms\n"), 4, "1 in ESTABLISHED"},
        WrongExpectation{"wire", WITH_LISTENER("client c = connect server:9877 => 0\nexpect wire server > client R within 500ms\n"), 4, "0 since the previous action"},
        WrongExpectation{"wire_exact", WITH_LISTENER("client c = connect server:9877 => 0\nexpect wire client > server S count 2 within 500ms\n"), 4, "1 since"},
        WrongExpectation{"wire_at_most", WITH_LISTENER("client c = connect server:9877 => 0\nexpect wire server > client SA count <= 0\n"), 4, "1 since"},
        WrongExpectation{"wire_none", WITH_LISTENER("client c = connect server:9877 => 0\nexpect wire client > server S no\n"), 4, "1 since"},
        WrongExpectation{"blocked", "hosts client server\ncrash server\nclient c = connect server:9877 timeout 300ms => 0\n", 3, "blocked for"},
        WrongExpectation{"unnamed_signal", WITH_LISTENER("client signal SIGPIPE catch => 0\nclient c = connect server:9877 => 0\nserver s = accept l => 0\nserver abort s => 0\nexpect client state c CLOSE\nclient write c \"x\" => -1 ECONNRESET\nclient write c \"y\" => -1 EPIPE\n"), 9, "-1 EPIPE caught SIGPIPE in"},
        WrongExpectation{"wire_len", WITH_LISTENER("client c = connect server:9877 => 0\nclient write c \"hello\" => 5\nexpect wire client > server PA len 4 within 500ms\n"), 5, "0 since the previous action"},
        WrongExpectation{"within", "hosts client server\nsysctl client net.ipv4.tcp_syn_retries=1\ncrash server\nclient c = connect server:9877 => -1 ETIMEDOUT within 1s\n", 4, "still blocked after"},
        WrongExpectation{"after", "hosts client server\nclient c = connect server:9999 => -1 ECONNREFUSED after 1s\n", 2, "-1 ECONNREFUSED in"},
        WrongExpectation{"await", WITH_LISTENER("client c = connect server:9877 => 0\nclient r = read c &\nawait r => 0 within 500ms\n"), 5, "still blocked"},
        // A call that does not sleep (a connection is queued) cannot be interrupted.
        WrongExpectation{"interrupt", WITH_LISTENER("client c = connect server:9877 => 0\nserver a = accept l &\ninterrupt server a SIGUSR1\nawait a => 0\n"), 5, "a has returned"},
        // A server that is gone uses no CPU, and that is no pass.
        WrongExpectation{"cpu_gone", "hosts client server\nstart server fork-echo\nkill server server SIGKILL\nexpect server cpu below 10% for 1s\n", 4, "the server is gone"},
        WrongExpectation{"reaped", "hosts client server\nstart server fork-echo --reap none\nclient c = connect server:9877 => 0\nexpect server children 1\nclient close c => 0\nexpect server reaped \"terminated\" + zombies 2 within 500ms\n", 6, "0 reaped + 1 zombies = 1"}),
    [](const auto& p) { return std::string(p.param.kind); });

}  // namespace
}  // namespace tcpfault::test
