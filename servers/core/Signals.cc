#include "servers/core/Signals.h"

#include <signal.h>
#include <sys/signalfd.h>

#include <cerrno>

#include "netns/Error.h"

namespace tcpfault::servers {

void ignoreSigpipe() { ::signal(SIGPIPE, SIG_IGN); }

UniqueFd termSignalFd() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  if (int err = pthread_sigmask(SIG_BLOCK, &set, nullptr); err != 0)
    throwErrno(err, "pthread_sigmask");
  UniqueFd fd(::signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC));
  if (!fd) throwErrno(errno, "signalfd");
  return fd;
}

void installHandler(int sig, void (*handler)(int), bool restart) {
  struct sigaction sa {};
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = restart ? SA_RESTART : 0;
  if (sigaction(sig, &sa, nullptr) < 0) throwErrno(errno, "sigaction");
}

}  // namespace tcpfault::servers
