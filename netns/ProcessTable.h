// Reading /proc: a process's children, zombies, state, and the netns it lives in.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace tcpfault::netns {

struct ProcInfo {
  pid_t pid = 0;
  pid_t ppid = 0;
  char state = '?';  // 'R', 'S', 'Z', 'T', ...
  unsigned long long cpuTicks = 0;  // utime + stime, in sysconf(_SC_CLK_TCK) ticks
};

std::vector<ProcInfo> childrenOf(pid_t parent);  // direct children, zombies included
int zombieCount(pid_t parent);                    // children in state 'Z'
std::vector<pid_t> processesInNetns(ino_t netnsInode);
std::vector<pid_t> processesInPidns(ino_t pidnsInode);
// State letter of a process, or nullopt if it is gone.
std::optional<ProcInfo> procInfo(pid_t pid);
// A /proc file's bytes; empty when it cannot be opened or read. A process that exits
// mid-read makes read(2) fail with ESRCH, which std::ifstream turns into an exception
// (libstdc++'s filebuf underflow): --cleanup and the tests read other processes' files.
std::string readProcText(const std::string& path);

}  // namespace tcpfault::netns
