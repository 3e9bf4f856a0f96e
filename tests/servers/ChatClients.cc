#include "ChatClients.h"

#include <sys/socket.h>

namespace tcpfault::servertest {

std::vector<UniqueFd> joinChat(uint16_t port, int n) {
  std::vector<UniqueFd> fds;
  for (int i = 0; i < n; ++i) fds.push_back(connectTo(port));
  if (!writeAll(fds.back().get(), "sync\n", after(10s))) return {};
  for (int i = 0; i + 1 < n; ++i)
    if (readExactly(fds[i].get(), 5, after(10s)).value_or("") != "sync\n") return {};
  return fds;
}

SlowChatOutcome runSlowReader(uint16_t port, size_t bytes, Clock::time_point deadline) {
  SlowChatOutcome out;
  UniqueFd slow = connectTo(port, false, 4096);
  std::vector<UniqueFd> two = joinChat(port, 2);  // reader, sender (slow joined first)
  if (two.size() != 2) return out;
  // Lockstep batches of 32 KiB: the reader keeps up, so only the slow client's queue
  // grows past --max-queue (a fast reader must never be mistaken for a slow one).
  std::string batch;
  for (int i = 0; i < 32; ++i) batch += std::string(1023, 'L') + "\n";
  size_t rounds = bytes / batch.size();
  out.sentLines = static_cast<int>(rounds * 32);
  size_t round = 0;
  for (; round < rounds; ++round) {
    if (!writeAll(two[1].get(), batch, deadline)) break;
    if (readExactly(two[0].get(), batch.size(), deadline).value_or("") != batch) break;
  }
  out.readerLines = static_cast<int>(round * 32);
  out.readerGotAll = round == rounds;
  out.slowClosed = out.readerGotAll && awaitClosed(slow.get(), after(10s));
  return out;
}

}  // namespace tcpfault::servertest
