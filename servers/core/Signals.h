// Signals: the dispositions every server shares.
#pragma once

#include "netns/UniqueFd.h"

namespace tcpfault::servers {

// Servers never die of SIGPIPE: sends use MSG_NOSIGNAL, and SIG_IGN backs that up for
// any path that writes with write(2). (--bug-sigpipe skips this call.)
void ignoreSigpipe();

// Blocks SIGTERM and SIGINT in the calling thread -- call it before starting threads so
// all inherit the mask -- and returns a signalfd that becomes readable when one is
// pending: readiness loops watch it like any other fd and stop cleanly.
UniqueFd termSignalFd();

// Installs handler for sig; restart=false leaves SA_RESTART out, so a blocking
// accept(2) returns EINTR when sig arrives (UNP 5.9).
void installHandler(int sig, void (*handler)(int), bool restart);

}  // namespace tcpfault::servers
