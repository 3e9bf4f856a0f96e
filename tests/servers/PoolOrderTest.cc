// epoll-pool-echo: one thread per connection at a time (EPOLLONESHOT), so the order of
// each connection's bytes survives 8 workers; the pool grows under load and shrinks idle.
#include <fstream>
#include <thread>

#include <fmt/format.h>

#include "ServerTest.h"

namespace tcpfault::servertest {
namespace {

class PoolEcho : public ServerTest {};

std::string message(int client, int seq) { return fmt::format("c{:03} seq {:08}\n", client, seq); }

// Sends kMessages sequence-numbered lines in bursts while reading; true if every echoed
// line comes back exactly in order.
bool echoInOrder(uint16_t port, int client, int messages, std::string* why) {
  UniqueFd fd = connectTo(port);
  auto deadline = after(60s);
  std::string all;
  for (int i = 0; i < messages; ++i) all += message(client, i);
  std::thread writer([&] { writeAll(fd.get(), all, deadline); });
  auto echoed = readExactly(fd.get(), all.size(), deadline);
  writer.join();
  if (!echoed) return *why = "short echo", false;
  if (*echoed == all) return true;
  size_t at = 0;
  while (at < all.size() && all[at] == (*echoed)[at]) ++at;
  *why = fmt::format("client {}: first difference at byte {} (line {})", client, at,
                     at / message(0, 0).size());
  return false;
}

int threadCount(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  return -1;
}

TEST_F(PoolEcho, KeepsPerConnectionOrderWithEightThreads) {
  auto server = start("epoll-pool-echo", {"--min-threads", "8", "--max-threads", "8"});
  ASSERT_TRUE(server);
  constexpr int kClients = 16;
  std::vector<std::string> why(kClients);
  std::vector<int> ok(kClients, 0);
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c)
    clients.emplace_back([&, c] { ok[c] = echoInOrder(server->port(), c, 20000, &why[c]); });
  for (auto& t : clients) t.join();
  for (int c = 0; c < kClients; ++c) EXPECT_TRUE(ok[c]) << why[c];
  expectCleanExit(*server);
}

TEST_F(PoolEcho, GrowsWhenBusyAndShrinksWhenIdle) {
  auto server = start("epoll-pool-echo",
                      {"--min-threads", "1", "--max-threads", "4", "--idle-ms", "200"});
  ASSERT_TRUE(server);
  constexpr int base = 2;  // main + --min-threads 1
  EXPECT_TRUE(awaitState([&] { return threadCount(server->pid()) == base; }, 10s));
  std::vector<std::thread> clients;
  std::vector<std::string> why(8);
  for (int c = 0; c < 8; ++c)
    clients.emplace_back([&, c] { echoInOrder(server->port(), c, 50000, &why[c]); });
  bool grew = awaitState([&] { return threadCount(server->pid()) > base; }, 20s);
  for (auto& t : clients) t.join();
  EXPECT_TRUE(grew) << "never more than " << base << " threads under load";
  EXPECT_LE(threadCount(server->pid()), base + 3) << "more than --max-threads";
  bool shrank = awaitState([&] { return threadCount(server->pid()) == base; }, 10s);
  EXPECT_TRUE(shrank) << threadCount(server->pid()) << " threads after idling";
  expectCleanExit(*server);
}

}  // namespace
}  // namespace tcpfault::servertest
