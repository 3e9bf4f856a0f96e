#include "netns/SpawnChild.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "netns/Error.h"
#include "netns/ExecImage.h"

namespace tcpfault::netns {

namespace {

// posix_spawn's attribute and file-action objects, destroyed on every path.
template <typename T, int (*Init)(T*), int (*Destroy)(T*)>
struct SpawnObject {
  T v;
  SpawnObject() { Init(&v); }
  ~SpawnObject() { Destroy(&v); }
  SpawnObject(const SpawnObject&) = delete;
  SpawnObject& operator=(const SpawnObject&) = delete;
};
using SpawnAttr = SpawnObject<posix_spawnattr_t, posix_spawnattr_init, posix_spawnattr_destroy>;
using FileActions = SpawnObject<posix_spawn_file_actions_t, posix_spawn_file_actions_init,
                                posix_spawn_file_actions_destroy>;

void check(int err, std::string_view what, std::string_view call) {
  if (err != 0) throwErrno(err, fmt::format("{}: {}", what, call));
}

}  // namespace

pid_t spawnProcess(const SpawnOptions& opts, int outputFd, std::string_view what) {
  if (opts.argv.empty()) throw std::invalid_argument("spawn: empty argv");
  if (!opts.keepFds.empty())
    throw std::invalid_argument("spawn: keepFds is for fork(); pass fds with passFds");
  ExecImage image(opts);
  // Each passed fd is first copied above the target range, so that moving one into 3+i
  // can never overwrite another that still waits to be moved.
  int firstFree = 3 + static_cast<int>(opts.passFds.size());
  std::vector<UniqueFd> staged;
  for (int fd : opts.passFds) {
    staged.emplace_back(::fcntl(fd, F_DUPFD_CLOEXEC, firstFree));
    if (!staged.back()) throwErrno(errno, fmt::format("{}: dup fd {}", what, fd));
  }
  FileActions fa;
  if (outputFd >= 0) {
    check(posix_spawn_file_actions_adddup2(&fa.v, outputFd, 1), what, "adddup2");
    check(posix_spawn_file_actions_adddup2(&fa.v, outputFd, 2), what, "adddup2");
  }
  for (size_t i = 0; i < staged.size(); ++i)  // dup2 leaves the new fd without CLOEXEC
    check(posix_spawn_file_actions_adddup2(&fa.v, staged[i].get(), 3 + static_cast<int>(i)),
          what, "adddup2");
  // Another thread's socket without CLOEXEC (libraries make some) must not reach the
  // program: a copy held there would keep that run's connection open after it closes.
  check(posix_spawn_file_actions_addclosefrom_np(&fa.v, firstFree), what, "addclosefrom");

  SpawnAttr attr;
  // Default dispositions and an empty mask: SIG_IGN of SIGPIPE and blocked signals are
  // inherited across exec and would hide what a test observes. Every bit set, not
  // sigfillset: that leaves out glibc's internal signals 32 and 33, which posix_spawn
  // then sets to SIG_IGN -- kept across exec, in the program under test.
  sigset_t all, none;
  std::memset(&all, 0xff, sizeof all);
  sigemptyset(&none);
  short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
  if (opts.newSession) flags |= POSIX_SPAWN_SETSID;
  check(posix_spawnattr_setflags(&attr.v, flags), what, "setflags");
  check(posix_spawnattr_setsigdefault(&attr.v, &all), what, "setsigdefault");
  check(posix_spawnattr_setsigmask(&attr.v, &none), what, "setsigmask");

  pid_t pid = -1;
  int err = posix_spawnp(&pid, image.path(), &fa.v, &attr.v, image.argv(), image.envp());
  if (err != 0) throwErrno(err, fmt::format("{}: exec {}", what, opts.argv[0]));
  return pid;
}

Child spawnChild(const SpawnOptions& opts, std::string_view what) {
  int pipefd[2] = {-1, -1};
  if (opts.captureOutput && ::pipe2(pipefd, O_CLOEXEC) < 0) throwErrno(errno, "pipe2");
  UniqueFd rd(pipefd[0]), wr(pipefd[1]);
  return adoptChild(spawnProcess(opts, wr.get(), what), std::move(rd), what);
}

}  // namespace tcpfault::netns
