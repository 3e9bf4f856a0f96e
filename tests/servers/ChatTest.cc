// epoll-chat: every line reaches every other client, in order; a client that stops
// reading is dropped and never stalls the others.
#include <fmt/format.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <map>
#include <thread>

#include "ChatClients.h"
#include "ServerTest.h"

namespace tcpfault::servertest {
namespace {

class Chat : public ServerTest {};

// Reads lines from all clients until each has `want` lines (or the deadline); checks
// that each sender's lines arrive in order "c<from> <seq>".
struct Inbox {
  std::string partial;
  std::map<int, int> next;  // sender -> next expected seq
  int lines = 0;
  bool inOrder = true;
};

void readLines(std::vector<UniqueFd>& fds, std::vector<Inbox>& in, int want,
               Clock::time_point deadline) {
  UniqueFd ep(::epoll_create1(EPOLL_CLOEXEC));
  for (size_t i = 0; i < fds.size(); ++i) {
    epoll_event ev{EPOLLIN, {.u64 = i}};
    ::epoll_ctl(ep.get(), EPOLL_CTL_ADD, fds[i].get(), &ev);
  }
  size_t done = 0;
  while (done < fds.size() && Clock::now() < deadline) {
    epoll_event evs[64];
    int n = ::epoll_wait(ep.get(), evs, 64, 200);
    for (int k = 0; k < n; ++k) {
      auto i = static_cast<size_t>(evs[k].data.u64);
      char buf[65536];
      ssize_t r = ::recv(fds[i].get(), buf, sizeof(buf), MSG_DONTWAIT);
      if (r <= 0) continue;
      Inbox& box = in[i];
      box.partial.append(buf, static_cast<size_t>(r));
      for (size_t nl; (nl = box.partial.find('\n')) != std::string::npos;
           box.partial.erase(0, nl + 1)) {
        int from = -1, seq = -1;
        if (std::sscanf(box.partial.c_str(), "c%d %d", &from, &seq) != 2) continue;  // sync lines
        box.inOrder = box.inOrder && box.next[from] == seq;
        box.next[from] = seq + 1;
        if (++box.lines == want) ++done;
      }
    }
  }
}

TEST_F(Chat, FiftyClientsSeeEveryOtherClientsLinesInOrder) {
  auto server = start("epoll-chat");
  ASSERT_TRUE(server);
  constexpr int kClients = 50, kLines = 20;
  std::vector<UniqueFd> fds = joinChat(server->port(), kClients);
  ASSERT_EQ(fds.size(), static_cast<size_t>(kClients));
  for (int c = 0; c < kClients; ++c) {
    std::string text;
    for (int j = 0; j < kLines; ++j) text += fmt::format("c{} {}\n", c, j);
    ASSERT_TRUE(writeAll(fds[c].get(), text, after(10s)));
  }
  std::vector<Inbox> in(kClients);
  readLines(fds, in, (kClients - 1) * kLines, after(30s));
  for (int c = 0; c < kClients; ++c) {
    EXPECT_EQ(in[c].lines, (kClients - 1) * kLines) << "client " << c;
    EXPECT_TRUE(in[c].inOrder) << "client " << c;
    EXPECT_EQ(in[c].next.count(c), 0u) << "client " << c << " got its own lines back";
  }
  expectCleanExit(*server);
}

TEST_F(Chat, SlowClientIsDroppedWithoutStallingTheRest) {
  auto server = start("epoll-chat", {"--max-queue", "65536"});
  ASSERT_TRUE(server);
  SlowChatOutcome out = runSlowReader(server->port(), 16 << 20, after(30s));
  EXPECT_TRUE(out.readerGotAll) << out.readerLines << " lines of " << out.sentLines;
  EXPECT_TRUE(out.slowClosed) << "the slow client was never dropped";
  EXPECT_NE(server->stderrText().find("slow reader"), std::string::npos) << server->stderrText();
  expectCleanExit(*server);
}

}  // namespace
}  // namespace tcpfault::servertest
