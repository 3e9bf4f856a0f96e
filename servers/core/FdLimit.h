// RLIMIT_NOFILE, for servers (--max-fds) and for whoever starts many of them (tests,
// echo-bench): children inherit it.
#pragma once

namespace tcpfault::servers {

// Sets the soft limit to n (and the hard one if it must grow). Throws ErrnoError.
void setFdLimit(unsigned long n);

// Raises the soft limit to at least n; never lowers it. Throws ErrnoError.
void raiseFdLimit(unsigned long n);

}  // namespace tcpfault::servers
