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

#include "netns/Error.h"
#include "netns/ForkChild.h"
#include "netns/ProcessTable.h"
#include "servers/core/Readiness.h"

namespace tcpfault::harness {
namespace {

// In the child: stderr to the memfd, the uid dropped if asked, then exec.
[[noreturn]] void execServer(const std::string& path, const std::vector<std::string>& args, int err,
                             const ServerOptions& opts) {
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

netns::SpawnOptions childOptions() {
  netns::SpawnOptions o;
  o.newSession = false;  // the test's own process group: a Ctrl-C reaches it too
  return o;
}

}  // namespace

ServerProcess::ServerProcess(const std::string& path, const std::vector<std::string>& args,
                             const ServerOptions& opts)
    : stderr_(::memfd_create("server-stderr", MFD_CLOEXEC)) {
  if (!stderr_) throwErrno(errno, "memfd_create");
  child_ = netns::forkChild([&] { execServer(path, args, stderr_.get(), opts); }, childOptions(),
                            "fork " + path);
}

bool ServerProcess::awaitListening(std::chrono::milliseconds timeout) {
  if (!child_.waitForOutput("\n", timeout)) return false;  // EOF: it exited before listening
  const std::string& out = child_.output();
  readyLine_ = out.substr(0, out.find('\n'));
  auto port = servers::readyPort(readyLine_);
  if (!port) return false;
  port_ = *port;
  return true;
}

std::optional<int> ServerProcess::awaitExit(std::chrono::milliseconds timeout) {
  auto status = child_.waitFor(timeout);
  return status ? std::optional<int>(status->raw) : std::nullopt;
}

bool ServerProcess::running() { return child_.running(); }

std::optional<int> ServerProcess::terminate(std::chrono::milliseconds timeout) {
  if (child_.running()) child_.signal(SIGTERM);
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
  auto info = netns::procInfo(pid());
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
  long total = pssOf(pid());
  for (const auto& kid : netns::childrenOf(pid())) total += pssOf(kid.pid);
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
  return status ? netns::ExitStatus{*status}.describe() : "still running";
}

}  // namespace tcpfault::harness
