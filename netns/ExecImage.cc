#include "netns/ExecImage.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>


extern char** environ;

namespace tcpfault::netns {

static std::string keyOf(const std::string& entry) { return entry.substr(0, entry.find('=')); }

ExecImage::ExecImage(const SpawnOptions& opts) : argv_(opts.argv) {
  for (char** e = environ; e && *e; ++e) {
    std::string entry(*e);
    bool overridden = false;
    for (const auto& extra : opts.env) overridden |= keyOf(extra) == keyOf(entry);
    if (!overridden) env_.push_back(std::move(entry));
  }
  env_.insert(env_.end(), opts.env.begin(), opts.env.end());
  for (auto& a : argv_) argvp_.push_back(a.data());
  argvp_.push_back(nullptr);
  for (auto& e : env_) envp_.push_back(e.data());
  envp_.push_back(nullptr);
}

void closeFdsExcept(std::vector<int> keepFds) {
  std::sort(keepFds.begin(), keepFds.end());
  unsigned from = 3;
  for (int fd : keepFds) {
    if (fd < static_cast<int>(from)) continue;
    if (static_cast<unsigned>(fd) > from) ::syscall(SYS_close_range, from, fd - 1U, 0U);
    from = static_cast<unsigned>(fd) + 1;
  }
  ::syscall(SYS_close_range, from, ~0U, 0U);
}

void resetSignals() {
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) ::sigaction(sig, &dfl, nullptr);  // EINVAL for KILL/STOP
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
}

}  // namespace tcpfault::netns
