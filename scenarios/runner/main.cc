// build/scenarios: runs TCP failure scenarios in network namespaces and reports them.
#include <fcntl.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <set>
#include <utility>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "netns/Privilege.h"
#include "netns/wire/KernelFeatures.h"
#include "reports/Reporter.h"
#include "reports/record/ReportFiles.h"
#include "reports/TapReporter.h"
#include "reports/TerminalSafe.h"
#include "scenarios/runner/Targets.h"
#include "scenarios/runner/exec/Catalogue.h"
#include "scenarios/runner/exec/Cleanup.h"
#include "scenarios/runner/exec/StoryNeeds.h"
#include "scenarios/runner/exec/ExecCheck.h"
#include "scenarios/runner/exec/SysctlCheck.h"
#include "scenarios/runner/exec/JobPool.h"
#include "scenarios/runner/exec/ProfileFile.h"
#include "scenarios/runner/exec/ProfileProbe.h"
#include "scenarios/runner/exec/Epilogue.h"
#include "scenarios/runner/exec/ServerLauncher.h"
#include "scenarios/runner/lang/Properties.h"

namespace fs = std::filesystem;
using namespace tcpfault;
using namespace tcpfault::scenario;

namespace {

// Exit codes, the kselftest convention. 4 is also a harness error: a run that could not
// be carried out (topology, server start, report dir) says nothing about the scenario.
constexpr int kPass = 0, kFail = 1, kUsage = 2, kCannotRun = 4;

// Everything printed may carry bytes from files, servers and the command line (names,
// output, error messages that quote them): it goes through the one sanitiser, so the
// terminal shows an escape sequence instead of obeying it.
template <typename... T>
void say(std::FILE* to, fmt::format_string<T...> format, T&&... args) {
  std::fputs(report::terminalSafe(fmt::format(format, std::forward<T>(args)...)).c_str(), to);
}

int gCancelFd = -1;
void onInterrupt(int) {
  uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(gCancelFd, &one, sizeof one);
  std::signal(SIGINT, SIG_DFL);  // a second Ctrl-C ends at once; keepers still clean up
  std::signal(SIGTERM, SIG_DFL);
}

struct Cli {
  bool all = false, list = false, cleanup = false, verbose = false, tap = false, noCapture = false;
  bool noProbe = false, noEpilogue = false;
  bool allowExec = false;  // scenario files may start any program (ExecCheck.h)
  std::vector<std::string> targets;
  std::string filter, explain, shard, reportDir = "tcpfault-report";
  std::vector<std::string> servers, serverCmds, profiles;
  std::vector<std::string> dirs;
  int jobs = defaultLanes(::sysconf(_SC_NPROCESSORS_ONLN));  // runs wait on timers, not cores
  int repeat = 1;
  double timeScale = 1.0;
};

std::string defaultScenarioDir() {
  if (const char* env = std::getenv("TCPFAULT_SCENARIO_DIR")) return env;
  return TCPFAULT_SCENARIO_DIR;
}

std::vector<fs::path> selectFiles(const Cli& cli, const std::vector<Target>& targets) {
  std::vector<fs::path> files;
  std::vector<std::string> dirs = cli.dirs;
  if (dirs.empty()) dirs.push_back(defaultScenarioDir());
  for (const auto& d : dirs)
    for (auto& f : findScenarioFiles(d)) files.push_back(f);
  for (auto& f : targetFiles(targets)) files.push_back(f);
  return files;
}

// Without --all, the targets choose the scenarios.
std::vector<Scenario> selectByTarget(std::vector<Scenario> all, const Cli& cli,
                                     const std::vector<Target>& targets) {
  if (cli.all || targets.empty()) return all;
  std::vector<Scenario> out;
  for (auto& sc : all)
    if (std::any_of(targets.begin(), targets.end(), [&](const Target& t) { return t.selects(sc); }))
      out.push_back(std::move(sc));
  return out;
}

bool parseShard(const std::string& text, PlanOptions& p) {
  int i = 0, n = 0;
  if (text.empty()) {
    if (const char* gi = std::getenv("GTEST_SHARD_INDEX"))
      if (const char* gn = std::getenv("GTEST_TOTAL_SHARDS")) {
        p.shardIndex = std::atoi(gi);
        p.shardCount = std::max(1, std::atoi(gn));
      }
    return p.shardIndex >= 0 && p.shardIndex < p.shardCount;
  }
  if (std::sscanf(text.c_str(), "%d/%d", &i, &n) != 2 || n < 1 || i < 0 || i >= n) return false;
  p.shardIndex = i;
  p.shardCount = n;
  return true;
}

void printList(const std::vector<Job>& jobs) {
  for (const auto& j : jobs)
    fmt::print("{:<60} {}\n", report::terminalSafe(j.id()),
               report::terminalSafe(j.sc->ref.empty() ? j.sc->group : j.sc->ref));
  fmt::print("{} run(s)\n", jobs.size());
}

// What each kernel does: the story's `kernel` lines and its `when kernel` steps, and
// which of them this kernel takes.
void explainKernels(const Scenario& sc) {
  KernelVersion here = runningKernel();
  auto safe = [](const std::string& s) { return report::terminalSafe(s); };
  for (const auto& c : sc.kernels)
    fmt::print("  {} (line {}; this kernel, {}: {})\n", c.text(), c.line, safe(here.release),
               c.holds(here) ? "holds" : "skipped");
  bool header = false;
  for (const auto& st : sc.steps) {
    if (!st.when) continue;
    if (!std::exchange(header, true)) fmt::print("  per kernel:\n");
    fmt::print("    line {:<4} {}{}\n", st.pos.line, safe(st.source), st.when->holds(here) ? "" : "   (not on this kernel)");
  }
}

// --explain PROPERTY: what it means, which stories decide it, how to fix a server.
int explainProperty(const std::vector<Scenario>& all, const PropertySpec& p) {
  fmt::print("{} ({})\n  {}\n\nchecked by:\n", p.name, p.warnOnly ? "warn: a policy worth knowing, never a failure"
                                                                    : "fail: a correctness bug", p.meaning);
  for (const auto& sc : all)
    if (sc.checks == p.name)
      fmt::print("  {:<32} {}\n", report::terminalSafe(sc.name), report::terminalSafe(sc.file));
    else if (sc.setupChecks == p.name)
      fmt::print("  {:<32} {} (when it fails before its fault)\n", report::terminalSafe(sc.name),
                 report::terminalSafe(sc.file));
  if (p.name == kKeepsServing || p.name == kNoLeak || p.name == kNoSpin)
    fmt::print("  the epilogue after every $server story: its clients gone, a fresh client is served, the server's\n"
               "  fds and CLOSE_WAIT sockets are back at their baseline within {}s, and it uses under {}% CPU\n",
               kEpilogueSettleSeconds, kEpilogueSpinPercent);
  fmt::print("\nhow to fix:\n  {}\n", p.fix);
  return kPass;
}

int explain(const std::vector<Scenario>& all, const std::string& name) {
  for (const auto& sc : all) {
    if (sc.name != name) continue;
    using report::terminalSafe;  // the file's text is shown, never obeyed by the terminal
    fmt::print("{}{}\n  file: {}\n", terminalSafe(sc.name),
               terminalSafe(sc.ref.empty() ? "" : "  (" + sc.ref + ")"), terminalSafe(sc.file));
    if (!sc.servers.empty()) fmt::print("  servers: {}\n", terminalSafe(fmt::format("{}", fmt::join(sc.servers, " "))));
    if (!sc.needs.empty()) fmt::print("  needs: {}\n", terminalSafe(fmt::format("{}", fmt::join(sc.needs, " "))));
    explainKernels(sc);
    fmt::print("\n{}\n", sc.explain.empty() ? "(no explanation in the file)" : terminalSafe(sc.explain));
    return kPass;
  }
  if (const PropertySpec* p = findProperty(name)) return explainProperty(all, *p);
  say(stderr, "scenarios: no scenario or property named '{}' (see --list; properties: {})\n", name,
      fmt::format("{}", fmt::join(propertyNames(), " ")));
  return kUsage;
}

// --tap: the kselftest convention, the TAP document on stdout instead of the terminal.
struct TapOnStdout : report::Reporter {
  void finish(const std::vector<report::RunRecord>& runs, double wallSeconds) override {
    std::cout << report::terminalSafe(report::tapDocument(runs, wallSeconds)) << std::flush;
  }
};

// The terminal (or TAP on stdout) plus every file report in the report dir.
void addReporters(report::ReporterList& list, const Cli& cli,
                  const std::shared_ptr<const report::ReportDir>& dir) {
  report::ReportOptions ro = report::terminalDefaults(dir);
  ro.serverMatrix = !cli.servers.empty() || !cli.serverCmds.empty() || !cli.profiles.empty();
  if (cli.tap)
    list.add(std::make_unique<TapOnStdout>());
  else
    list.add(report::makeReporter("terminal", ro));
  for (const auto& kind : report::reporterKinds())
    if (!kind.file.empty()) list.add(report::makeReporter(kind.name, ro));
}

// Every started-by-command target answers once before any scenario runs against it.
bool probeTargets(const std::vector<Job>& jobs, const RunOptions& opts) {
  std::set<const ServerProfile*> seen;
  bool ok = true;
  for (const auto& j : jobs) {
    if (!j.profile || j.profile->reference() || !seen.insert(j.profile.get()).second) continue;
    if (auto why = probeServer(*j.profile, opts)) {
      say(stderr, "scenarios: cannot run server '{}' ({}): `{}`\n  {}\n", j.profile->name,
                 j.profile->origin, j.profile->start, *why);
      ok = false;
    }
  }
  return ok;
}

// TCPFAULT_PRIVILEGE=userns takes the rootless path even where namespaces are allowed
// as is (tests of that path run as root).
netns::NetnsPrivilege acquirePrivilege() {
  const char* how = std::getenv("TCPFAULT_PRIVILEGE");
  bool force = how && std::string_view(how) == "userns";
  return netns::acquireNetnsPrivilege(force ? netns::PrivilegeMode::ForceUserNamespace
                                            : netns::PrivilegeMode::Auto);
}

// The next suite starts its longest runs first. Only an order depends on it: a file that
// cannot be written is a warning, not a harness error.
void saveRunSeconds(const RunOptions& opts, const std::vector<report::RunRecord>& results) {
  RunSeconds all = opts.lastSeconds;
  mergeRunSeconds(all, results);
  try {
    opts.reportDir->writeFile(kRunSecondsFile, formatRunSeconds(all));
  } catch (const std::exception& e) {
    say(stderr, "scenarios: warning: {}\n", e.what());
  }
}

// The exit code of finished runs: a harness error outranks a failed expectation.
int exitCode(const std::vector<report::RunRecord>& results) {
  int code = kPass;
  for (const auto& r : results) {
    if (r.status == report::Status::Error) return kCannotRun;
    if (r.status == report::Status::Fail) code = kFail;
  }
  return code;
}

// The feature probe: one line per feature this kernel lacks; the runs that need it are
// skipped with the reason. false: nothing is left to run.
bool skipWhatTheKernelLacks(std::vector<Job>& jobs) {
  auto kernel = netns::wire::probeKernelFeatures(netns::wire::absentFeaturesFromEnvironment());
  auto skipped = skipUnsupported(jobs, kernel);
  for (const auto& [feature, why] : kernel.missing)
    fmt::print(stderr, "scenarios: this kernel lacks {} ({}): {} run(s) that need it are skipped\n",
               netns::wire::featureDescription(feature), why, skipped.contains(feature) ? skipped.at(feature) : 0);
  if (kernel.missing.empty()) return true;
  return std::any_of(jobs.begin(), jobs.end(), [](const Job& j) { return j.skip.empty(); });
}

int run(const Cli& cli, std::vector<Job> jobs, const std::vector<Scenario>& chosen) {
  netns::NetnsPrivilege priv = acquirePrivilege();
  if (!priv.ok) {
    say(stderr, "scenarios: cannot run here: {}\n", priv.reason);
    return kCannotRun;
  }
  if (!skipWhatTheKernelLacks(jobs)) {
    fmt::print(stderr, "scenarios: cannot run here: no run has what it needs on this kernel\n");
    return kCannotRun;
  }
  // Only now can the kernel say which sysctl keys are per network namespace.
  if (auto errors = checkSysctlKeys(chosen, runningKernel()); !errors.empty()) {
    for (const auto& e : errors) say(stderr, "{}", e);
    return kUsage;
  }
  gCancelFd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  std::signal(SIGINT, onInterrupt);
  std::signal(SIGTERM, onInterrupt);
  std::signal(SIGPIPE, SIG_IGN);  // the runner reads agents' deaths from exit statuses

  RunOptions opts;
  opts.buildDir = fs::read_symlink("/proc/self/exe").parent_path();
  opts.agentExe = opts.buildDir + "/tcpfault-agent";
  opts.timeScale = cli.timeScale;
  opts.capture = !cli.noCapture;
  opts.epilogue = !cli.noEpilogue;
  opts.cancelFd = gCancelFd;

  // Opened once, never through a symlink; everything in it is made relative to it.
  try {
    opts.reportDir = report::ReportDir::open(cli.reportDir);
  } catch (const std::system_error& e) {
    say(stderr, "scenarios: error: report dir: {}\n", e.what());
    return kCannotRun;
  }
  if (::faccessat(opts.reportDir->fd(), ".", W_OK, AT_EACCESS) != 0) {
    say(stderr, "scenarios: error: report dir {} is not writable: {}\n", cli.reportDir,
        std::strerror(errno));
    return kCannotRun;
  }
  if (!cli.noProbe && !probeTargets(jobs, opts)) return kCannotRun;
  opts.lastSeconds = readRunSeconds(*opts.reportDir);
  report::ReporterList reports;
  addReporters(reports, cli, opts.reportDir);
  reports.started(jobs.size());
  auto t0 = std::chrono::steady_clock::now();
  auto results = runJobs(jobs, opts, cli.jobs, [&](const report::RunRecord& r) {
    reports.runFinished(r);
    if (cli.verbose)  // the log holds server output: shown, never obeyed by the terminal
      fmt::print("--- {} [{}] {:.2f}s\n{}{}\n", report::terminalSafe(r.id()), report::statusName(r.status),
                 r.seconds, report::terminalSafe(r.log), report::terminalSafe(r.message));
  });
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  reports.finish(results, wall);
  saveRunSeconds(opts, results);
  if (!cli.tap) say(stdout, "reports in {}\n", fs::absolute(cli.reportDir).string());
  for (const auto& e : reports.errors()) say(stderr, "scenarios: error: report: {}\n", e);

  uint64_t hit = 0;
  if (::read(gCancelFd, &hit, sizeof hit) == sizeof hit && hit) return 130;
  return reports.errors().empty() ? exitCode(results) : kCannotRun;
}

void addOptions(CLI::App& app, Cli& cli) {
  app.add_option("targets", cli.targets, "scenario names or .scn files");
  app.add_flag("-a,--all", cli.all, "run every scenario");
  app.add_option("-f,--filter", cli.filter, "only runs whose id or name matches this glob");
  app.add_flag("-l,--list", cli.list, "list the runs and exit");
  app.add_option("--explain", cli.explain, "tell a scenario's story, or what a server property means, and exit");
  app.add_option("-j,--jobs", cli.jobs, "runs side by side (default: up to 16 per core, at most 32, while the cores have room)")->check(CLI::Range(1, 64));
  app.add_option("--repeat", cli.repeat, "run each N times")->check(CLI::Range(1, 1000));
  app.add_option("--shard", cli.shard, "I/N: run the I-th of N shares (0-based; GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS honoured)");
  app.add_option("--server", cli.servers, "run $server scenarios against this reference server (repeatable)")
      ->allow_extra_args(false);
  app.add_option("--server-cmd", cli.serverCmds,
                 "run $server scenarios against this echo server command ({port} is replaced; repeatable)")
      ->allow_extra_args(false);
  app.add_option("--profile", cli.profiles, "run $server scenarios against the servers of this profile file "
                 "(repeatable; format in README.md)")->allow_extra_args(false);
  app.add_option("--report-dir", cli.reportDir, "where reports and pcaps go")->capture_default_str();
  app.add_option("--dir", cli.dirs, "a scenario folder instead of the built-in one (repeatable)")
      ->allow_extra_args(false);
  app.add_option("--time-scale", cli.timeScale, "widen every time bound by this factor (env TCPFAULT_TIME_SCALE)")
      ->envname("TCPFAULT_TIME_SCALE")->check(CLI::Range(0.1, 100.0));
  app.add_flag("--tap", cli.tap, "print TAP 13 instead of the terminal report");
  app.add_flag("--no-capture", cli.noCapture, "take no pcap (wire expectations then fail)");
  app.add_flag("--no-epilogue", cli.noEpilogue,
               "skip the checks after every $server story (a fresh client served, no leak, no spin)");
  app.add_flag("--no-probe", cli.noProbe, "do not try a started-by-command server once before the stories");
  app.add_flag("--allow-exec", cli.allowExec,
               "let scenario files start programs other than $server and the reference servers "
               "(they run with your privilege: trust the files)");
  app.add_flag("--cleanup", cli.cleanup, "remove leftovers of killed runs and exit");
  app.add_flag("-v,--verbose", cli.verbose, "print each run's step log");
}

// Loads the scenarios the targets and folders name; every mistake is printed. nullopt:
// stop with `code` (a usage error, or --explain done).
std::optional<std::vector<Scenario>> loadChosen(const Cli& cli, int& code) {
  code = kUsage;
  std::vector<Target> targets = parseTargets(cli.targets);
  Loaded loaded = loadAll(selectFiles(cli, targets));
  for (const auto& sc : loaded.scenarios)
    for (const auto& srv : sc.servers)
      if (!isReferenceServer(srv))
        loaded.errors.push_back(fmt::format("{}: error: unknown server '{}' on the servers line "
                                            "(known: {})\n",
                                            sc.file, srv, fmt::join(referenceServers(), " ")));
  for (const auto& e : loaded.errors) say(stderr, "{}", e);
  if (!loaded.errors.empty()) return std::nullopt;
  if (const Target* t = unmatchedTarget(targets, loaded.scenarios)) {
    say(stderr, "scenarios: no scenario named '{}' (see --list)\n", t->text);
    return std::nullopt;
  }
  if (!cli.explain.empty()) {
    code = explain(loaded.scenarios, cli.explain);
    return std::nullopt;
  }
  if (!cli.all && cli.targets.empty() && cli.filter.empty() && !cli.list) {
    say(stderr, "scenarios: say what to run: --all, a name, a file or --filter (see --help)\n");
    return std::nullopt;
  }
  for (const auto& s : cli.servers)
    if (!isReferenceServer(s)) {
      say(stderr, "scenarios: unknown server '{}' (known: {})\n", s, fmt::join(referenceServers(), " "));
      return std::nullopt;
    }

  return selectByTarget(std::move(loaded.scenarios), cli, targets);
}

// --server, --server-cmd and --profile, in that order; names must differ. nullopt: a bad
// profile file or a clash, already printed.
std::optional<std::vector<std::shared_ptr<const ServerProfile>>> chosenTargets(const Cli& cli) {
  std::vector<ServerProfile> all;
  for (const auto& s : cli.servers) all.push_back(*referenceProfile(s));
  for (size_t i = 0; i < cli.serverCmds.size(); ++i) {
    all.push_back(commandProfile(cli.serverCmds[i]));
    if (cli.serverCmds.size() > 1) all.back().name = fmt::format("custom-{}", i + 1);
  }
  try {
    for (const auto& f : cli.profiles)
      for (auto& p : loadProfiles(f)) all.push_back(std::move(p));
  } catch (const ParseError& e) {
    say(stderr, "{}", e.what());
    return std::nullopt;
  }
  std::vector<std::shared_ptr<const ServerProfile>> out;
  std::set<std::string> names;
  for (auto& p : all) {
    if (!names.insert(p.name).second) {
      say(stderr, "scenarios: two servers under test named '{}' ({})\n", p.name, p.origin);
      return std::nullopt;
    }
    out.push_back(std::make_shared<const ServerProfile>(std::move(p)));
  }
  return out;
}

// The runs to make: every chosen scenario x server, filtered, repeated and sharded.
std::optional<std::vector<Job>> planRuns(const Cli& cli, const std::vector<Scenario>& chosen) {
  PlanOptions plan;
  if (!cli.filter.empty()) plan.filter = cli.filter;
  auto targets = chosenTargets(cli);
  if (!targets) return std::nullopt;
  plan.targets = std::move(*targets);
  plan.repeat = cli.repeat;
  plan.kernel = runningKernel();
  if (!parseShard(cli.shard, plan)) {
    say(stderr, "scenarios: --shard wants I/N with 0 <= I < N, got '{}'\n", cli.shard);
    return std::nullopt;
  }
  return planJobs(chosen, plan);
}

int runCli(const Cli& cli);

}  // namespace

int main(int argc, char** argv) {
  Cli cli;
  CLI::App app{"tcpfault scenarios: reproduce TCP failure modes in network namespaces and assert "
               "what the kernel reports.\nExit: 0 all passed, 1 a run failed, 2 bad usage or "
               "scenario file, 4 cannot run here or a harness error."};
  addOptions(app, cli);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kPass : kUsage;
  }
  // Nothing may end the process with std::terminate: an escaped exception is a harness
  // error, reported and exit 4.
  try {
    return runCli(cli);
  } catch (const std::exception& e) {
    say(stderr, "scenarios: error: {}\n", e.what());
  } catch (...) {
    say(stderr, "scenarios: error: an unknown exception\n");
  }
  return kCannotRun;
}

namespace {

int runCli(const Cli& cli) {
  if (cli.cleanup) {
    CleanupResult res = cleanupLeftovers();
    say(stdout, "{}", res.log);
    return res.failed == 0 ? kPass : kFail;
  }

  int code = kUsage;
  auto chosen = loadChosen(cli, code);
  if (!chosen) return code;
  auto jobs = planRuns(cli, *chosen);
  if (!jobs) return kUsage;
  if (cli.list) {
    printList(*jobs);
    return kPass;
  }
  if (jobs->empty()) {
    say(stderr, "scenarios: nothing to run (check the names, --filter and --server)\n");
    return kUsage;
  }
  if (auto errors = checkStartPrograms(*chosen, cli.allowExec); !errors.empty()) {
    for (const auto& e : errors) say(stderr, "{}", e);
    return kUsage;
  }
  return run(cli, *jobs, *chosen);
}

}  // namespace
