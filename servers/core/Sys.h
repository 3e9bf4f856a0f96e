// Sys: the syscall seam of the servers' core (README.md, Conventions item 5). Every read, send and
// accept of the core goes through sys(), so a unit test swaps in functions that return
// EINTR, EAGAIN, ECONNABORTED, EMFILE or short writes, without a network.
#pragma once

#include <sys/socket.h>
#include <sys/types.h>

namespace tcpfault::servers {

struct Sys {
  ssize_t (*read)(int fd, void* buf, size_t len);
  ssize_t (*send)(int fd, const void* buf, size_t len, int flags);
  int (*accept4)(int fd, sockaddr* addr, socklen_t* len, int flags);
  int (*open)(const char* path, int flags);  // the spare fd of the EMFILE dance
};

Sys& sys();     // the live table; defaults to the real syscalls
Sys realSys();  // the real syscalls, to restore after a test

// Restores the previous table when it goes out of scope (tests).
class ScopedSys {
 public:
  explicit ScopedSys(const Sys& fake) : saved_(sys()) { sys() = fake; }
  ~ScopedSys() { sys() = saved_; }
  ScopedSys(const ScopedSys&) = delete;
  ScopedSys& operator=(const ScopedSys&) = delete;

 private:
  Sys saved_;
};

}  // namespace tcpfault::servers
