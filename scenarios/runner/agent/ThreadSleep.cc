#include "scenarios/runner/agent/ThreadSleep.h"

#include <sys/syscall.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace tcpfault::scenario {
namespace {

struct SyscallName {
  long nr;
  const char* name;
};

// The calls the agent's verbs and the servers sleep in, by name; others show their number.
constexpr SyscallName kNames[] = {
#ifdef SYS_accept
    {SYS_accept, "accept"},
#endif
#ifdef SYS_poll
    {SYS_poll, "poll"},
#endif
#ifdef SYS_select
    {SYS_select, "select"},
#endif
#ifdef SYS_epoll_wait
    {SYS_epoll_wait, "epoll_wait"},
#endif
#ifdef SYS_nanosleep
    {SYS_nanosleep, "nanosleep"},
#endif
    {SYS_accept4, "accept4"},         {SYS_read, "read"},         {SYS_recvfrom, "recvfrom"},
    {SYS_write, "write"},             {SYS_sendto, "sendto"},     {SYS_connect, "connect"},
    {SYS_ppoll, "ppoll"},             {SYS_futex, "futex"},       {SYS_epoll_pwait, "epoll_pwait"},
    {SYS_pselect6, "pselect6"},       {SYS_wait4, "wait4"},
    {SYS_clock_nanosleep, "clock_nanosleep"},
};

std::string nameOf(long nr) {
  for (const auto& n : kNames)
    if (n.nr == nr) return n.name;
  return fmt::format("system call {}", nr);
}

std::string readFile(const std::string& path) {
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// The state letter of /proc/.../stat: after the last ')' of "tid (comm) S ...".
char stateOf(const std::string& stat) {
  size_t close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() ? stat[close + 2] : '?';
}

}  // namespace

ThreadSleep threadSleep(const std::string& dir) {
  // "NR args... sp pc" while the thread is off the CPU in a system call, "-1 ..." when
  // it is blocked outside one, "running" otherwise (proc(5)).
  std::string sys = readFile(dir + "syscall");
  char state = stateOf(readFile(dir + "stat"));
  if (sys.empty()) return {false, "gone"};
  if (sys.starts_with("running")) return {false, "running"};
  long nr = std::strtol(sys.c_str(), nullptr, 10);
  if (nr < 0) return {false, fmt::format("blocked outside a system call (state {})", state)};
  std::string name = nameOf(nr);
  // A futex is a lock (the agent's state, malloc; a pool's queue), never the call under study.
  if (nr == SYS_futex) return {false, "waiting on a lock (futex)"};
  if (state != 'S') return {false, fmt::format("in {} in state {}", name, state)};
  return {true, name};
}

}  // namespace tcpfault::scenario
