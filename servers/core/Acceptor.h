// Acceptor: accept(2) with the errno policy of ErrnoPolicy.h and the EMFILE dance:
// a spare fd is held open; when accept fails with EMFILE/ENFILE the spare is closed,
// the pending connection accepted and closed at once (the client sees EOF instead of
// hanging in the backlog), and the spare reopened -- so the listener stops being
// readable and a readiness loop does not spin (libev/muduo do the same).
#pragma once

#include "netns/UniqueFd.h"

namespace tcpfault::servers {

enum class AcceptStatus {
  Accepted,     // fd holds the new connection
  WouldBlock,   // backlog empty (non-blocking listener)
  Interrupted,  // EINTR: a signal came; the caller decides (fork-echo logs it)
  Skipped,      // ECONNABORTED & co: that connection died in the backlog; go on
  Shed,         // EMFILE/ENFILE: one connection accepted and closed (or, with
                // the spin bug, left in the backlog)
  Failed,       // anything else (EBADF, EINVAL after shutdown): stop accepting
};

struct AcceptResult {
  AcceptStatus status;
  UniqueFd fd;
  int err = 0;
};

class Acceptor {
 public:
  // spareFd=false is the --bug-emfile-spin variant: EMFILE leaves the connection queued.
  Acceptor(UniqueFd listener, bool spareFd);
  int fd() const { return listener_.get(); }
  // flags for accept4: SOCK_NONBLOCK and/or SOCK_CLOEXEC.
  AcceptResult accept(int flags);
  void close() { listener_.reset(); }

 private:
  AcceptResult shed(int err);
  UniqueFd listener_;
  UniqueFd spare_;
  bool useSpare_;
  unsigned long exhausted_ = 0;  // EMFILE count, to log the first and then sparsely
};

}  // namespace tcpfault::servers
