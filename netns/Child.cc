#include "netns/Child.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "netns/ErrnoName.h"
#include "netns/Error.h"
#include "netns/PollTimeout.h"

namespace tcpfault::netns {

bool ExitStatus::exited() const { return waitErrno == 0 && WIFEXITED(raw); }
int ExitStatus::exitCode() const { return WEXITSTATUS(raw); }
bool ExitStatus::signaled() const { return waitErrno == 0 && WIFSIGNALED(raw); }
int ExitStatus::termSignal() const { return WTERMSIG(raw); }

std::string ExitStatus::describe() const {
  if (waitErrno) return fmt::format("gone, status unknown (waitpid: {})", errnoName(waitErrno));
  if (exited()) return fmt::format("exit {}", exitCode());
  if (signaled()) return "killed by " + signalName(termSignal());
  return fmt::format("status {:#x}", raw);
}

Child::Child(pid_t pid, UniqueFd pidfd, UniqueFd output)
    : pid_(pid), pidfd_(std::move(pidfd)), out_(std::move(output)) {}

Child adoptChild(pid_t pid, UniqueFd output, std::string_view what) {
  UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  if (!pidfd) {
    int err = errno;
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, __WALL);
    throwErrno(err, std::string(what) + ": pidfd_open");
  }
  if (output) ::fcntl(output.get(), F_SETFL, O_NONBLOCK);
  return Child(pid, std::move(pidfd), std::move(output));
}

Child::Child(Child&& o) noexcept
    : pid_(std::exchange(o.pid_, -1)),
      pidfd_(std::move(o.pidfd_)),
      out_(std::move(o.out_)),
      buffered_(std::move(o.buffered_)),
      tail_(std::move(o.tail_)),
      status_(std::exchange(o.status_, std::nullopt)) {}

Child& Child::operator=(Child&& o) noexcept {
  if (this != &o) {
    if (pid_ > 0 && !status_) kill();
    pid_ = std::exchange(o.pid_, -1);
    pidfd_ = std::move(o.pidfd_);
    out_ = std::move(o.out_);
    buffered_ = std::move(o.buffered_);
    tail_ = std::move(o.tail_);
    status_ = std::exchange(o.status_, std::nullopt);
  }
  return *this;
}

Child::~Child() {
  if (pid_ > 0 && !status_) kill();
}

pid_t Child::pid() const { return pid_; }
int Child::pidfd() const { return pidfd_.get(); }
int Child::outputFd() const { return out_.get(); }

void Child::signal(int sig) const {
  // The pidfd names this very process even if its pid has been reused.
  if (syscall(SYS_pidfd_send_signal, pidfd_.get(), sig, nullptr, 0) < 0 && errno != ESRCH)
    throwErrno(errno, fmt::format("signal {} to pid {}", signalName(sig), pid_));
}

// Reaps without blocking; true if the child has been reaped (now or before).
static bool reap(pid_t pid, std::optional<ExitStatus>& status) {
  if (status) return true;
  int raw = 0;
  pid_t r;
  do r = ::waitpid(pid, &raw, WNOHANG | __WALL);
  while (r < 0 && errno == EINTR);
  if (r == pid) {
    status = ExitStatus{raw};
    return true;
  }
  // ECHILD: someone else reaped it (should not happen): gone, with no status to report.
  if (r < 0 && errno == ECHILD) {
    status = ExitStatus::unknown(ECHILD);
    return true;
  }
  return false;
}

bool Child::running() {
  if (pid_ <= 0) return false;
  return !reap(pid_, status_);
}

std::optional<ExitStatus> Child::waitFor(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return status_;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!reap(pid_, status_)) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd p{pidfd_.get(), POLLIN, 0};
    if (::poll(&p, 1, pollTimeout(left)) < 0 && errno != EINTR)
      throwErrno(errno, fmt::format("poll pidfd of pid {}", pid_));
  }
  return status_;
}

ExitStatus Child::kill() {
  if (pid_ <= 0) return ExitStatus{};
  if (!status_) {
    syscall(SYS_pidfd_send_signal, pidfd_.get(), SIGKILL, nullptr, 0);
    // SIGKILL cannot be blocked: the wait is bounded by the kernel tearing the task down.
    int raw = 0;
    pid_t r;
    do r = ::waitpid(pid_, &raw, __WALL);
    while (r < 0 && errno == EINTR);
    status_ = r == pid_ ? ExitStatus{raw} : ExitStatus::unknown(errno);
  }
  return *status_;
}

// Appends what can be read now; returns false at EOF.
static bool drain(int fd, std::string& into) {
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      into.append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n == 0) return false;
    if (errno == EINTR) continue;
    return true;  // EAGAIN
  }
}

void Child::drainContinuously(size_t limit) {
  if (!out_ || tail_) return;
  tail_ = std::make_unique<OutputTail>(std::move(out_), limit);
}

const std::string& Child::output() {
  if (tail_) buffered_ = tail_->text();
  else if (out_) drain(out_.get(), buffered_);
  return buffered_;
}

bool Child::waitForOutput(std::string_view needle, std::chrono::milliseconds timeout) {
  if (tail_) return tail_->waitFor(needle, timeout);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    bool open = out_ && drain(out_.get(), buffered_);
    if (buffered_.find(needle) != std::string::npos) return true;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (!open || left.count() <= 0) return false;
    pollfd p{out_.get(), POLLIN, 0};
    if (::poll(&p, 1, pollTimeout(left)) < 0 && errno != EINTR)
      throwErrno(errno, "poll child output");
  }
}

}  // namespace tcpfault::netns
