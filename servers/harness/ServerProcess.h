// ServerProcess: one server binary running as a child of a test or the benchmark, in
// the caller's network namespace: a netns::Child made by netns::forkChild. stdout is the
// child's pipe for the readiness line (servers/core/Readiness.h), stderr a memfd the
// test reads at any time. The Child kills and reaps it: nothing is left behind.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "netns/Child.h"
#include "netns/UniqueFd.h"

namespace tcpfault::harness {

using namespace std::chrono_literals;

struct ServerOptions {
  std::optional<uid_t> uid;  // drop to this uid before exec (the EACCES test)
};

class ServerProcess {
 public:
  // Starts path args... Throws std::system_error if fork fails.
  ServerProcess(const std::string& path, const std::vector<std::string>& args,
                const ServerOptions& opts = {});
  ~ServerProcess() = default;
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // Waits for "listening on ADDR:PORT"; false if the server exits or the deadline passes.
  bool awaitListening(std::chrono::milliseconds timeout = 10s);
  uint16_t port() const { return port_; }
  pid_t pid() const { return child_.pid(); }
  const std::string& readyLine() const { return readyLine_; }

  // The wait status once it has exited within timeout (nullopt: still running).
  std::optional<int> awaitExit(std::chrono::milliseconds timeout);
  bool running();
  // SIGTERM, then the exit status (SIGKILL after timeout: nullopt).
  std::optional<int> terminate(std::chrono::milliseconds timeout = 10s);
  std::string stderrText() const;
  long cpuTicks() const;  // utime + stime from /proc/PID/stat, in clock ticks
  // User-space memory (kB): the anonymous proportional set size (heap, stacks) of the
  // server and its children (fork-echo), from /proc/PID/smaps_rollup Pss_Anon -- pages
  // shared copy-on-write after fork() are counted once in total, libraries not at all.
  long anonPssKb() const;

 private:
  UniqueFd stderr_;  // before child_: the child writes into it until it is reaped
  netns::Child child_;
  uint16_t port_ = 0;
  std::string readyLine_;
};

// Children of pid in /proc, and how many of them are zombies (state Z).
struct ChildCount {
  int all = 0;
  int zombies = 0;
};
ChildCount countChildren(pid_t pid);

std::string describeStatus(std::optional<int> status);  // "exit 0", "killed by SIGPIPE"

}  // namespace tcpfault::harness
