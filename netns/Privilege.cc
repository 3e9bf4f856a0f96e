#include "netns/Privilege.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "netns/ErrnoName.h"

namespace tcpfault::netns {
namespace {

bool writeFile(const char* path, const std::string& text) {
  FILE* f = std::fopen(path, "w");
  if (!f) return false;
  bool ok = std::fputs(text.c_str(), f) >= 0;
  return std::fclose(f) == 0 && ok;
}

int waitFor(pid_t pid) {
  int st = 0;
  while (::waitpid(pid, &st, 0) < 0)
    if (errno != EINTR) return 1;
  return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}

// Handlers only touch these (async-signal-safe: kill and an int).
volatile pid_t gTarget = -1;
volatile sig_atomic_t gInterrupts = 0;

// relay: the first SIGINT is passed on; the second kills the whole PID namespace, since
// its init would ignore a SIGINT it has no handler for.
void relayOutside(int sig) {
  if (sig == SIGINT) gInterrupts = gInterrupts + 1;
  if (sig == SIGINT && gInterrupts >= 2) sig = SIGKILL;
  ::kill(gTarget, sig);
}
void relayInside(int sig) { ::kill(gTarget, sig); }

void installRelay(void (*handler)(int)) {
  struct sigaction sa {};
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
}

[[noreturn]] void relayUntilExit(pid_t init) {
  gTarget = init;
  installRelay(relayOutside);
  int code = waitFor(init);
  _exit(code == 128 + SIGKILL && gInterrupts >= 2 ? 128 + SIGINT : code);
}

// init: reaps every orphan until the workload ends, then exits with its status; the
// kernel then kills whatever is left in the namespace.
[[noreturn]] void initUntilExit(pid_t workload) {
  gTarget = workload;
  installRelay(relayInside);
  for (;;) {
    int st = 0;
    pid_t pid = ::waitpid(-1, &st, 0);
    if (pid == workload) _exit(WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st));
    if (pid < 0 && errno != EINTR) _exit(1);
  }
}

NetnsPrivilege failed(std::string reason) { return {false, "", std::move(reason)}; }

NetnsPrivilege enterUserNamespace() {
  uid_t uid = ::geteuid();
  gid_t gid = ::getegid();
  if (::unshare(CLONE_NEWUSER) < 0)
    return failed(errnoMessage("needs root or unprivileged user namespaces; "
                               "unshare(CLONE_NEWUSER)", errno));
  if (!writeFile("/proc/self/setgroups", "deny") ||
      !writeFile("/proc/self/uid_map", fmt::format("0 {} 1", uid)) ||
      !writeFile("/proc/self/gid_map", fmt::format("0 {} 1", gid)))
    return failed(errnoMessage("cannot map root in the new user namespace", errno));
  // Hosts are left with setns() back to namespaces this user namespace owns: a home
  // network namespace, and a PID namespace with its own /proc so that pids from clone()
  // name the same processes in /proc.
  if (::unshare(CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWNS) < 0)
    return failed(errnoMessage("home namespaces in the user namespace", errno));
  // The relay holds alive[1] for its lifetime: init sees it gone (POLLHUP) if the relay
  // died before PR_SET_PDEATHSIG took effect (getppid() is 0 across the PID namespace).
  int alive[2];
  if (::pipe2(alive, O_CLOEXEC) < 0) return failed(errnoMessage("pipe2", errno));
  pid_t init = ::fork();
  if (init < 0) return failed(errnoMessage("fork into the PID namespace", errno));
  if (init > 0) relayUntilExit(init);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  ::close(alive[1]);
  pollfd pfd{alive[0], 0, 0};
  if (::poll(&pfd, 1, 0) > 0) _exit(128 + SIGKILL);
  ::close(alive[0]);
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0 ||
      ::mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) < 0) {
    std::fprintf(stderr, "%s\n", errnoMessage("mount /proc for the PID namespace", errno).c_str());
    _exit(4);
  }
  pid_t workload = ::fork();
  if (workload < 0) _exit(4);
  if (workload > 0) initUntilExit(workload);
  return {true, "user namespace", ""};
}

}  // namespace

bool canCreateNetns() {
  pid_t pid = ::fork();
  if (pid < 0) return false;
  if (pid == 0) _exit(::unshare(CLONE_NEWNET | CLONE_NEWPID) == 0 ? 0 : 1);
  return waitFor(pid) == 0;
}

NetnsPrivilege acquireNetnsPrivilege(PrivilegeMode mode) {
  if (mode == PrivilegeMode::Auto && canCreateNetns())
    return {true, ::geteuid() == 0 ? "root" : "capabilities", ""};
  NetnsPrivilege p = enterUserNamespace();
  if (p.ok && !canCreateNetns())
    return failed("network namespaces refused even in a user namespace; run as root");
  return p;
}

}  // namespace tcpfault::netns
