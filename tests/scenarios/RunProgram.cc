#include "RunProgram.h"

#include "netns/ProcessTable.h"
#include "netns/RunMarker.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <iterator>
#include <utility>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace tcpfault::test {

ProgramResult runProgram(const std::vector<std::string>& argv, std::chrono::seconds bound) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) < 0) throw std::runtime_error("pipe2 failed");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(fds[1]);
  ProgramResult res;
  if (rc != 0) {
    ::close(fds[0]);
    res.output = "spawn failed";
    return res;
  }
  auto deadline = std::chrono::steady_clock::now() + bound;
  char buf[4096];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      res.timedOut = true;
      ::kill(pid, SIGKILL);
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    res.output.append(buf, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  int st = 0;
  while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  res.exitCode = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return res;
}

Background::Background(const std::vector<std::string>& argv) {
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  if (posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&fa);
}

Background::~Background() {
  if (pid > 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
}

int Background::waitExit(std::chrono::milliseconds bound) {
  int st = 0;
  bool done = awaitUntil([&] { return ::waitpid(pid, &st, WNOHANG) == pid; }, bound);
  if (!done) return -1;
  pid = -1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

std::string runnerMarker(pid_t runner) {
  auto marker = netns::runMarkerOf(runner);
  if (!marker) throw std::runtime_error("no identity for pid " + std::to_string(runner));
  return *marker;
}

std::vector<pid_t> processesOfRunner(const std::string& text) {
  std::vector<pid_t> out;
  std::string marker = "TCPFAULT_RUN=" + text;
  std::error_code ec;
  for (const auto& d : std::filesystem::directory_iterator("/proc", ec)) {
    std::string name = d.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::istringstream f(netns::readProcText(d.path() / "environ"));  // a process may exit mid-read
    std::string entry;
    while (std::getline(f, entry, '\0'))
      if (entry == marker) out.push_back(static_cast<pid_t>(std::stol(name)));
  }
  return out;
}

std::vector<pid_t> descendantsOf(pid_t root) {
  std::vector<std::pair<pid_t, pid_t>> parentOf;  // (pid, ppid)
  std::error_code ec;
  for (const auto& d : std::filesystem::directory_iterator("/proc", ec)) {
    std::string name = d.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string stat = netns::readProcText(d.path() / "stat");
    size_t close = stat.rfind(')');  // comm may hold spaces and parentheses
    if (close == std::string::npos) continue;
    int ppid = 0;
    if (std::sscanf(stat.c_str() + close + 1, " %*c %d", &ppid) == 1)
      parentOf.emplace_back(static_cast<pid_t>(std::stol(name)), ppid);
  }
  std::vector<pid_t> out{root};
  for (size_t i = 0; i < out.size(); ++i)
    for (auto [pid, ppid] : parentOf)
      if (ppid == out[i]) out.push_back(pid);
  out.erase(out.begin());
  return out;
}

std::vector<std::string> unprivileged(std::vector<std::string> argv) {
  std::ifstream map("/proc/self/uid_map");
  long inside = -1, outside = -1, count = 0;
  map >> inside >> outside >> count;
  bool realRoot = ::geteuid() == 0 && inside == 0 && outside == 0 && count > 1;
  std::vector<std::string> pre =
      realRoot ? std::vector<std::string>{"/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                                          "--clear-groups", "--"}
               : std::vector<std::string>{"/usr/bin/env", "TCPFAULT_PRIVILEGE=userns"};
  argv.insert(argv.begin(), pre.begin(), pre.end());
  return argv;
}

std::string scenariosBinary() { return std::string(TCPFAULT_BUILD_DIR) + "/scenarios"; }

void writeFile(const std::string& path, const std::string& text) {
  std::ofstream f(path);
  f << text;
  if (!f) throw std::runtime_error("cannot write " + path);
}


}  // namespace tcpfault::test
