#include "netns/OutputTail.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>

#include "netns/Error.h"

namespace tcpfault::netns {

OutputTail::OutputTail(UniqueFd pipe, size_t limit)
    : pipe_(std::move(pipe)), wake_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)), limit_(limit) {
  if (!wake_) throwErrno(errno, "eventfd for a child's output");
  ::fcntl(pipe_.get(), F_SETFL, O_NONBLOCK);
  thread_ = std::thread([this] { run(); });
}

OutputTail::~OutputTail() {
  uint64_t one = 1;
  (void)!::write(wake_.get(), &one, sizeof one);
  thread_.join();
}

void OutputTail::run() {
  for (;;) {
    pollfd p[2] = {{pipe_.get(), POLLIN, 0}, {wake_.get(), POLLIN, 0}};
    if (::poll(p, 2, -1) < 0 && errno != EINTR) break;
    if (p[1].revents) break;  // stopping
    std::lock_guard lk(mu_);
    if (!drainNow()) break;
    cv_.notify_all();
  }
  std::lock_guard lk(mu_);
  ended_ = true;
  cv_.notify_all();
}

// Reads what the pipe holds now, under mu_ (so that text() may read too, in order);
// false at its end.
bool OutputTail::drainNow() {
  char buf[65536];
  for (int i = 0; i < 16; ++i) {  // bounded: a child printing without pause cannot hold mu_
    ssize_t n = ::read(pipe_.get(), buf, sizeof buf);
    if (n > 0) keep({buf, static_cast<size_t>(n)});
    else if (n == 0) return false;
    else if (errno != EINTR) return errno == EAGAIN;
  }
  return true;
}

void OutputTail::keep(std::string_view bytes) {
  tail_.append(bytes);
  if (tail_.size() <= 2 * limit_) return;  // trim in amortised linear time
  size_t cut = tail_.size() - limit_;
  tail_.erase(0, cut);
  dropped_ += cut;
}

std::string OutputTail::text() {
  std::lock_guard lk(mu_);
  if (!ended_) drainNow();  // what the child wrote just before it was asked
  if (!dropped_) return tail_;
  return fmt::format("[{} bytes of output dropped]\n", dropped_) + tail_;
}

size_t OutputTail::total() const {
  std::lock_guard lk(mu_);
  return dropped_ + tail_.size();
}

bool OutputTail::waitFor(std::string_view needle, std::chrono::milliseconds timeout) const {
  std::unique_lock lk(mu_);
  return cv_.wait_for(lk, timeout, [&] {
    return tail_.find(needle) != std::string::npos || ended_;
  }) && tail_.find(needle) != std::string::npos;
}

}  // namespace tcpfault::netns
