// ErrnoPolicy: which errnos a server meets and goes on from, in one place (README.md, Conventions item 4).
// EINTR is retried everywhere except close(2) and except where a server is asked to show it
// (fork-echo --no-restart logs it and goes on).
#pragma once

namespace tcpfault::servers {

// accept(2) "should treat the already-pending network errors ... like EAGAIN by retrying"
// (man 2 accept, Linux notes): the connection died in the backlog (ECONNABORTED, UNP
// 5.11; EPROTO on some systems) or the route to it vanished. The listener is fine.
bool acceptCanGoOn(int err);

// Out of descriptors (EMFILE per process, ENFILE system-wide): the pending connection
// stays in the backlog and keeps the listener readable, which spins a naive loop.
bool isFdExhaustion(int err);

// The peer is gone or unreachable: close this connection, the server is fine.
bool isPeerGone(int err);

}  // namespace tcpfault::servers
