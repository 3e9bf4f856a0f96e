// Child: a process we spawned (move-only). The destructor SIGKILLs and reaps it if it
// is still running. Waiting uses a pidfd, so a timeout is a bound, never a sleep.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "netns/OutputTail.h"
#include "netns/UniqueFd.h"

namespace tcpfault::netns {

struct SpawnOptions {
  std::vector<std::string> argv;        // argv[0] is looked up in PATH if not absolute
  std::vector<std::string> env;         // extra "KEY=VALUE" entries
  bool captureOutput = true;            // stdout+stderr into a pipe (output())
  bool newSession = true;               // setsid(): the child leads its own process group
  std::vector<int> passFds;             // spawn(): the program gets these as fds 3, 4, ...
  std::vector<int> keepFds;             // fork(): fds the child inherits at the same numbers
  // fork() only (spawn always closes them at exec): close every fd but 0-2 and keepFds
  // before fn runs. Use it when other threads own sockets: a copy held by an unrelated
  // child would keep their connections open after they close them.
  bool closeOtherFds = false;

  // Designated initializers trip -Wmissing-field-initializers: this spells the common case.
  static SpawnOptions command(std::vector<std::string> argv, std::vector<std::string> env = {}) {
    SpawnOptions o;
    o.argv = std::move(argv);
    o.env = std::move(env);
    return o;
  }
};

struct ExitStatus {
  int raw = 0;  // as from waitpid
  // waitpid failed (ECHILD: reaped elsewhere): the child is gone, how it ended is unknown;
  // neither exited() nor signaled() then, so no check can pass on an invented status.
  int waitErrno = 0;
  static ExitStatus unknown(int err) { return ExitStatus{0, err}; }
  bool exited() const;
  int exitCode() const;   // valid if exited()
  bool signaled() const;
  int termSignal() const; // valid if signaled()
  std::string describe() const;  // "exit 0", "killed by SIGPIPE"
};

class Child {
 public:
  Child() = default;
  Child(pid_t pid, UniqueFd pidfd, UniqueFd output);
  Child(Child&&) noexcept;
  Child& operator=(Child&&) noexcept;
  ~Child();

  pid_t pid() const;
  int pidfd() const;       // readable (POLLIN) once the child has exited
  int outputFd() const;    // read end of the stdout+stderr pipe, or -1

  void signal(int sig) const;  // throws on failure other than ESRCH
  bool running();              // reaps if it has exited
  // Waits up to timeout; nullopt if still running. Reaps.
  std::optional<ExitStatus> waitFor(std::chrono::milliseconds timeout);
  ExitStatus kill();           // SIGKILL + reap
  // From now on a thread drains the output pipe as the child writes (it never blocks on a
  // full pipe) and keeps the last `limit` bytes (OutputTail.h); output() and
  // waitForOutput() read from there.
  void drainContinuously(size_t limit);
  // Reads what is available now from the output pipe (non-blocking) and appends it.
  const std::string& output();
  // Reads output until `needle` has appeared or timeout/EOF; returns whether it appeared.
  bool waitForOutput(std::string_view needle, std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  UniqueFd pidfd_;
  UniqueFd out_;
  std::string buffered_;
  std::unique_ptr<OutputTail> tail_;
  std::optional<ExitStatus> status_;
};

// Takes a process just forked or spawned (caller's child, not yet waited for) as a Child,
// with its output pipe. If no pidfd can be had, the process is killed and reaped before
// the error is thrown: nothing is left unreaped.
Child adoptChild(pid_t pid, UniqueFd output, std::string_view what);

}  // namespace tcpfault::netns
