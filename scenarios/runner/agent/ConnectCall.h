// connect() as the agent's `connect` makes it: blocking; `nonblock` (EINPROGRESS is the
// answer); or bounded by `timeout MS` -- non-blocking, a wait for writability, the verdict
// from SO_ERROR -- after which the socket is blocking again, however the connect ended.
#pragma once

#include "netns/SockAddr.h"

namespace tcpfault::scenario {

struct ConnectOutcome {
  int ret = 0;
  int err = 0;           // errno when ret < 0
  bool blocked = false;  // the bound ran out, the attempt goes on (the agent's timer, no errno)
};

// timeoutMs < 0: no bound. With nonblock the timeout is not used and the socket stays
// non-blocking.
ConnectOutcome connectCall(int fd, const SockAddr& addr, long long timeoutMs, bool nonblock);

}  // namespace tcpfault::scenario
