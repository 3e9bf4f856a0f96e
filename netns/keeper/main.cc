// tcpfault-keeper: init of a host's PID namespace and holder of its network namespace
// (netns/Host.cc spawns it as the first process of both). As init it reaps every orphan
// of the host, and when it dies the kernel kills every process of the namespace -- the
// host's power cord. It dies with the runner thread that spawned it (PDEATHSIG).
//
// Small and static on purpose: one per host, hundreds per suite, so its start must cost
// next to nothing (no dynamic loader, no libraries to map).
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace {

constexpr int kOwnerPidfd = 3;  // the runner's pidfd, passed by the spawner

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) {  // it takes no arguments: anything (--help included) gets the usage
    std::fprintf(argc == 2 && std::strcmp(argv[1], "--help") == 0 ? stdout : stderr,
                 "usage: %s\n  fd 3: pidfd of the runner. Started by tcpfault as init of a "
                 "host's PID namespace; not for direct use.\n",
                 argv[0]);
    return argc == 2 && std::strcmp(argv[1], "--help") == 0 ? 0 : 2;
  }
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  // The runner may have died before PDEATHSIG was set (getppid() is 0 across the PID
  // namespace boundary, so ask its pidfd): then end now.
  pollfd p{kOwnerPidfd, POLLIN, 0};
  if (::poll(&p, 1, 0) != 0) return 0;
  ::syscall(SYS_close_range, 3U, ~0U, 0U);  // hold no copy of the runner's sockets or pipes
  sigset_t all;
  sigfillset(&all);
  ::sigprocmask(SIG_BLOCK, &all, nullptr);
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  for (;;) {
    if (::waitpid(-1, nullptr, __WALL) >= 0 || errno == EINTR) continue;
    ::sigwaitinfo(&chld, nullptr);  // ECHILD: sleep until an orphan arrives and exits
  }
}
