#include "netns/ForkChild.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "netns/Error.h"
#include "netns/ExecImage.h"

namespace tcpfault::netns {

Child forkChild(const std::function<void()>& inChild, const SpawnOptions& opts, std::string_view what) {
  int pipefd[2] = {-1, -1};
  if (opts.captureOutput && ::pipe2(pipefd, O_CLOEXEC) < 0) throwErrno(errno, "pipe2");
  UniqueFd rd(pipefd[0]), wr(pipefd[1]);
  pid_t pid = ::fork();
  if (pid == 0) {
    resetSignals();
    if (opts.newSession) ::setsid();
    if (wr) {
      ::dup2(wr.get(), 1);
      ::dup2(wr.get(), 2);
      wr.reset();
      rd.reset();
    }
    inChild();
    ::_exit(127);
  }
  if (pid < 0) throwErrno(errno, what);
  return adoptChild(pid, std::move(rd), what);
}

}  // namespace tcpfault::netns
