// The agent's write of N pattern bytes: memory bounded whatever N (chunks), and the bytes
// on the wire exactly the pattern, across chunk boundaries.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <thread>

#include "scenarios/runner/agent/Agent.h"
#include "scenarios/runner/agent/AgentVerbs.h"

namespace tcpfault::scenario {
namespace {

// The peak resident set (VmHWM) in KiB since the last resetPeak().
long peakKib() {
  std::ifstream in("/proc/self/status");
  std::string word;
  long kib = -1;
  while (in >> word)
    if (word == "VmHWM:") in >> kib;
  return kib;
}
void resetPeak() { std::ofstream("/proc/self/clear_refs") << "5"; }

AgentReply writePattern(AgentState& st, long long n) {
  AgentRequest req;
  req.verb = "write";
  req.args.set("var", "c");
  req.args.set("pattern", std::to_string(n));
  AgentReply out;
  Call c{req, st, out};
  findAgentHandler("write")(c);
  return out;
}

// Was: one buffer of N bytes (`write c 60000M` died of bad_alloc). A 256 MiB write on a
// socket that takes a few hundred KiB touches a chunk, not 256 MiB.
TEST(AgentWrite, ALargeWriteTakesBoundedMemory) {
  EXPECT_EXIT(
      {
        int sv[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) < 0) std::exit(3);
        AgentState st(-1);
        st.assign("c", sv[0]);
        resetPeak();
        long before = peakKib();
        AgentReply out = writePattern(st, 256LL << 20);
        long grew = peakKib() - before;
        std::fprintf(stderr, "ret %lld, peak grew %ld KiB\n", out.ret, grew);
        std::exit(out.ret > 0 && grew < 32 * 1024 ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST(AgentWrite, ChunksAddUpToThePattern) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
  AgentState st(-1);
  st.assign("c", sv[0]);
  constexpr long long kBytes = 3 * (1 << 20) + 17;
  std::string got;
  std::thread reader([&] {
    char buf[65536];
    while (static_cast<long long>(got.size()) < 2 * kBytes) {
      ssize_t n = ::read(sv[1], buf, sizeof buf);
      if (n <= 0) break;
      got.append(buf, static_cast<size_t>(n));
    }
  });
  AgentReply first = writePattern(st, kBytes), second = writePattern(st, kBytes);
  reader.join();
  ::close(sv[1]);  // sv[0] is st's: closed with it
  EXPECT_EQ(first.ret, kBytes);
  EXPECT_EQ(second.ret, kBytes);
  ASSERT_EQ(static_cast<long long>(got.size()), 2 * kBytes);
  for (size_t i = 0; i < got.size(); ++i)
    if (got[i] != patternByte(i)) FAIL() << "byte " << i << " differs from the pattern";
}

}  // namespace
}  // namespace tcpfault::scenario
