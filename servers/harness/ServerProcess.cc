#include "servers/harness/ServerProcess.h"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

#include "netns/ErrnoName.h"
#include "netns/Error.h"
#include "netns/ProcessTable.h"

namespace tcpfault::harness {
namespace {

using Clock = std::chrono::steady_clock;

int msLeft(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

[[noreturn]] void execChild(const std::string& path, const std::vector<std::string>& args, int out,
                            int err, const SpawnOptions& opts) {
  ::dup2(out, STDOUT_FILENO);
  ::dup2(err, STDERR_FILENO);
  if (opts.uid &&
      (::setgroups(0, nullptr) < 0 || ::setresgid(*opts.uid, *opts.uid, *opts.uid) < 0 ||
       ::setresuid(*opts.uid, *opts.uid, *opts.uid) < 0))
    ::_exit(126);
  std::vector<char*> argv{const_cast<char*>(path.c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  ::execv(path.c_str(), argv.data());
  ::_exit(127);
}

}  // namespace

ServerProcess::ServerProcess(const std::string& path, const std::vector<std::string>& args,
                             const SpawnOptions& opts) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) < 0) throwErrno(errno, "pipe2");
  stdout_ = UniqueFd(out[0]);
  UniqueFd outW(out[1]);
  stderr_ = UniqueFd(::memfd_create("server-stderr", MFD_CLOEXEC));
  if (!stderr_) throwErrno(errno, "memfd_create");
  pid_ = ::fork();
  if (pid_ < 0) throwErrno(errno, "fork");
  if (pid_ == 0) execChild(path, args, outW.get(), stderr_.get(), opts);
  pidfd_ = UniqueFd(static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0)));
  if (!pidfd_) throwErrno(errno, "pidfd_open");
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0 && !status_) {
    ::kill(pid_, SIGKILL);
    int st = 0;
    ::waitpid(pid_, &st, 0);
  }
}

bool ServerProcess::awaitListening(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  std::string text;
  while (text.find('\n') == std::string::npos) {
    pollfd p{stdout_.get(), POLLIN, 0};
    if (::poll(&p, 1, msLeft(deadline)) <= 0) return false;
    char buf[256];
    ssize_t n = ::read(stdout_.get(), buf, sizeof(buf));
    if (n <= 0) return false;  // EOF: the server exited before listening
    text.append(buf, static_cast<size_t>(n));
  }
  readyLine_ = text.substr(0, text.find('\n'));
  if (readyLine_.rfind("listening on ", 0) != 0) return false;
  port_ = static_cast<uint16_t>(std::stoi(readyLine_.substr(readyLine_.rfind(':') + 1)));
  return true;
}

std::optional<int> ServerProcess::awaitExit(std::chrono::milliseconds timeout) {
  if (status_) return status_;
  pollfd p{pidfd_.get(), POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return std::nullopt;
  int st = 0;
  if (::waitpid(pid_, &st, 0) == pid_) status_ = st;
  return status_;
}

bool ServerProcess::running() { return !awaitExit(0ms).has_value(); }

std::optional<int> ServerProcess::terminate(std::chrono::milliseconds timeout) {
  if (!status_) ::kill(pid_, SIGTERM);
  return awaitExit(timeout);
}

std::string ServerProcess::stderrText() const {
  std::string text;
  char buf[4096];
  off_t off = 0;
  for (ssize_t n; (n = ::pread(stderr_.get(), buf, sizeof(buf), off)) > 0; off += n)
    text.append(buf, static_cast<size_t>(n));
  return text;
}

long ServerProcess::cpuTicks() const {
  auto info = netns::procInfo(pid_);
  return info ? static_cast<long>(info->cpuTicks) : 0;
}

namespace {
long pssOf(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/smaps_rollup");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("Pss_Anon:", 0) == 0) return std::stol(line.substr(9));
  return 0;
}

}  // namespace

long ServerProcess::anonPssKb() const {
  long total = pssOf(pid_);
  for (const auto& kid : netns::childrenOf(pid_)) total += pssOf(kid.pid);
  return total;
}

ChildCount countChildren(pid_t pid) {
  ChildCount c;
  for (const auto& kid : netns::childrenOf(pid)) {
    ++c.all;
    if (kid.state == 'Z') ++c.zombies;
  }
  return c;
}

std::string describeStatus(std::optional<int> status) {
  if (!status) return "still running";
  if (WIFEXITED(*status)) return "exit " + std::to_string(WEXITSTATUS(*status));
  if (WIFSIGNALED(*status)) return "killed by " + signalName(WTERMSIG(*status));
  return "status " + std::to_string(*status);
}

}  // namespace tcpfault::harness
