// What a server under test holds and uses, read from /proc and sock_diag: open
// descriptors, CPU time (its children's included), CLOSE_WAIT sockets on its port. The
// leak and spin checks (`expect HOST fds`, the epilogue) compare these over time.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

#include "netns/Host.h"

namespace tcpfault::scenario {

// Entries of /proc/PID/fd; nullopt when the process is gone.
std::optional<long long> openFds(pid_t pid);

// What the descriptors are, by kind: "4 socket, 1 anon_inode:[eventpoll], 2 /dev/null".
std::string describeFds(pid_t pid);

// The states of host's TCP sockets on local port `port`: "1 LISTEN, 2 ESTABLISHED".
std::string portStates(netns::Host& host, uint16_t port);

// utime + stime of pid and its direct children, in seconds.
double cpuSecondsWithChildren(pid_t pid);

// Sockets of host with local port `port` in CLOSE_WAIT: the peer finished, the server
// never closed.
long long closeWaitSockets(netns::Host& host, uint16_t port);

}  // namespace tcpfault::scenario
