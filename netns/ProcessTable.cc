#include "netns/ProcessTable.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>

#include <fmt/format.h>

#include "netns/UniqueFd.h"

namespace tcpfault::netns {

namespace {

// Calls fn for every numeric entry of /proc.
void forEachPid(const std::function<void(pid_t)>& fn) {
  DIR* dir = ::opendir("/proc");
  if (!dir) return;
  while (dirent* e = ::readdir(dir)) {
    char* end = nullptr;
    long pid = std::strtol(e->d_name, &end, 10);
    if (pid > 0 && *end == '\0') fn(static_cast<pid_t>(pid));
  }
  ::closedir(dir);
}

bool inNamespace(pid_t pid, const char* which, ino_t inode) {
  struct stat st {};
  auto path = fmt::format("/proc/{}/ns/{}", pid, which);
  return ::stat(path.c_str(), &st) == 0 && st.st_ino == inode;
}

std::vector<pid_t> processesIn(const char* which, ino_t inode) {
  std::vector<pid_t> out;
  forEachPid([&](pid_t pid) {
    if (inNamespace(pid, which, inode)) out.push_back(pid);
  });
  return out;
}

}  // namespace

std::optional<ProcInfo> procInfo(pid_t pid) {
  auto path = fmt::format("/proc/{}/stat", pid);
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return std::nullopt;
  char buf[1024];
  ssize_t n = ::read(fd.get(), buf, sizeof buf - 1);
  if (n <= 0) return std::nullopt;
  buf[n] = '\0';
  // "pid (comm) S ppid ...": comm may hold spaces and ')', so parse from the last ')'.
  char* close = std::strrchr(buf, ')');
  if (!close || close[1] != ' ' || close[2] == '\0') return std::nullopt;
  ProcInfo info;
  info.pid = pid;
  info.state = close[2];
  char* field = nullptr;
  info.ppid = static_cast<pid_t>(std::strtol(close + 3, &field, 10));
  // Fields 5..13 (pgrp .. cmajflt) lie between ppid and utime (14), stime (15).
  for (int i = 5; i <= 13; ++i) std::strtoull(field, &field, 10);
  unsigned long long utime = std::strtoull(field, &field, 10);
  info.cpuTicks = utime + std::strtoull(field, &field, 10);
  return info;
}

std::vector<ProcInfo> childrenOf(pid_t parent) {
  std::vector<ProcInfo> out;
  forEachPid([&](pid_t pid) {
    auto info = procInfo(pid);
    if (info && info->ppid == parent) out.push_back(*info);
  });
  return out;
}

int zombieCount(pid_t parent) {
  int n = 0;
  for (const auto& c : childrenOf(parent)) n += c.state == 'Z';
  return n;
}

std::vector<pid_t> processesInNetns(ino_t netnsInode) { return processesIn("net", netnsInode); }
std::vector<pid_t> processesInPidns(ino_t pidnsInode) { return processesIn("pid", pidnsInode); }

std::string readProcText(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return {};
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return {};  // ESRCH: the process is gone; what was read is not all of it
    if (n == 0) return out;
    out.append(buf, static_cast<size_t>(n));
  }
}

}  // namespace tcpfault::netns
