// ExecImage: argv and envp prepared for posix_spawnp, the environment merged with the
// options' extra entries.
#pragma once

#include <string>
#include <vector>

#include "netns/Child.h"

namespace tcpfault::netns {

class ExecImage {
 public:
  explicit ExecImage(const SpawnOptions& opts);
  // For posix_spawnp: the program, argv and envp, each valid while this object lives.
  const char* path() const { return argvp_[0]; }
  char* const* argv() const { return argvp_.data(); }
  char* const* envp() const { return envp_.data(); }

 private:
  std::vector<std::string> argv_, env_;
  std::vector<char*> argvp_, envp_;
};

// In a fresh child: closes every fd from 3 up except keepFds.
void closeFdsExcept(std::vector<int> keepFds);

// In a fresh child: default dispositions and an empty mask (SIG_IGN of SIGPIPE and
// blocked signals are inherited across exec and would hide what a test observes).
void resetSignals();

}  // namespace tcpfault::netns
