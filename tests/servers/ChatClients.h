// ChatClients: joining the chat so that every member is known to the server before
// anyone talks, and the slow-reader run shared by the chat test and its bug variant.
#pragma once

#include <cstdint>
#include <vector>

#include "Client.h"

namespace tcpfault::servertest {

// Connects n clients; returns once the server has accepted all of them: the last one
// says "sync" and every earlier one has received it (accept order is backlog order).
std::vector<UniqueFd> joinChat(uint16_t port, int n);

struct SlowChatOutcome {
  int sentLines = 0;
  int readerLines = 0;
  bool readerGotAll = false;  // the reading client got every line before the deadline
  bool slowClosed = false;    // the non-reading client saw EOF/RST (it was dropped)
};

// A client that never reads (4 KiB receive buffer), a reader, and a sender of `bytes`
// in 1 KiB lines, in lockstep with the reader; the reader must get them all.
SlowChatOutcome runSlowReader(uint16_t port, size_t bytes, Clock::time_point deadline);

}  // namespace tcpfault::servertest
