// The servers' core through its syscall seam: EINTR, EAGAIN, ECONNABORTED, EMFILE and
// short writes injected without a network (README.md, Conventions item 5).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <deque>
#include <string>

#include "servers/core/Acceptor.h"
#include "servers/core/EchoConnection.h"
#include "servers/core/Io.h"
#include "servers/core/Outbox.h"
#include "servers/core/Sys.h"

namespace tcpfault::servers {
namespace {

// What the fake kernel answers, call by call: {ret, errno} or data for reads.
struct Script {
  std::deque<std::pair<ssize_t, int>> reads;  // n > 0 delivers n bytes of 'r'
  std::deque<std::pair<ssize_t, int>> sends;  // n >= 0 takes min(n, len) bytes
  std::deque<int> accepts;                    // >= 0: accept a (real) fd; < 0: -errno
  std::string sent;                           // every byte the fake socket took
  int opens = 0, acceptCalls = 0;
};
Script* script = nullptr;

ssize_t fakeRead(int, void* buf, size_t len) {
  if (script->reads.empty()) return errno = EAGAIN, -1;
  auto [n, err] = script->reads.front();
  script->reads.pop_front();
  if (n < 0) return errno = err, -1;
  size_t k = std::min(static_cast<size_t>(n), len);
  std::fill_n(static_cast<char*>(buf), k, 'r');
  return static_cast<ssize_t>(k);
}

ssize_t fakeSend(int, const void* buf, size_t len, int) {
  if (script->sends.empty()) return errno = EAGAIN, -1;
  auto [n, err] = script->sends.front();
  script->sends.pop_front();
  if (n < 0) return errno = err, -1;
  size_t k = std::min(static_cast<size_t>(n), len);
  script->sent.append(static_cast<const char*>(buf), k);
  return static_cast<ssize_t>(k);
}

int fakeAccept(int, sockaddr*, socklen_t*, int) {
  ++script->acceptCalls;
  int r = script->accepts.empty() ? -EAGAIN : script->accepts.front();
  if (!script->accepts.empty()) script->accepts.pop_front();
  if (r < 0) return errno = -r, -1;
  return ::open("/dev/null", O_RDONLY | O_CLOEXEC);  // a real fd the caller may close
}

int fakeOpen(const char* path, int flags) {
  ++script->opens;
  return ::open(path, flags);
}

class CoreSeam : public testing::Test {
 protected:
  CoreSeam() : fake_(Sys{fakeRead, fakeSend, fakeAccept, fakeOpen}) { script = &s_; }
  ~CoreSeam() override { script = nullptr; }
  Script s_;
  ScopedSys fake_;
};

UniqueFd devNull() { return UniqueFd(::open("/dev/null", O_RDONLY | O_CLOEXEC)); }

TEST_F(CoreSeam, ReadRetriesEintr) {
  s_.reads = {{-1, EINTR}, {-1, EINTR}, {5, 0}};
  char buf[16];
  IoResult r = readSome(0, buf, sizeof(buf));
  EXPECT_EQ(r.n, 5);
  EXPECT_TRUE(s_.reads.empty());
}

TEST_F(CoreSeam, SendAllCompletesShortWritesAndRetriesEintr) {
  s_.sends = {{3, 0}, {-1, EINTR}, {2, 0}, {100, 0}};
  EXPECT_EQ(sendAll(0, "hello world"), 0);
  EXPECT_EQ(s_.sent, "hello world");
}

TEST_F(CoreSeam, OutboxKeepsWhatEagainRefusedInOrder) {
  Outbox out;
  s_.sends = {{4, 0}, {-1, EAGAIN}};
  EXPECT_EQ(out.send(0, "0123456789"), 0);
  EXPECT_EQ(out.size(), 6u);
  EXPECT_EQ(out.send(0, "abc"), 0);  // queued behind, never before, the owed bytes
  s_.sends = {{2, 0}, {100, 0}};
  EXPECT_EQ(out.flush(0), 0);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(s_.sent, "0123456789abc");
}

TEST_F(CoreSeam, OutboxReportsAResetPeer) {
  Outbox out;
  s_.sends = {{-1, ECONNRESET}};
  EXPECT_EQ(out.send(0, "x"), ECONNRESET);
}

TEST_F(CoreSeam, AcceptorGoesOnAfterEconnabortedAndEintr) {
  Acceptor a(devNull(), true);
  s_.accepts = {-ECONNABORTED, -EPROTO, -EINTR, 1, -EAGAIN};
  EXPECT_EQ(a.accept(0).status, AcceptStatus::Skipped);
  EXPECT_EQ(a.accept(0).status, AcceptStatus::Skipped);
  EXPECT_EQ(a.accept(0).status, AcceptStatus::Interrupted);
  AcceptResult ok = a.accept(0);
  EXPECT_EQ(ok.status, AcceptStatus::Accepted);
  EXPECT_TRUE(ok.fd);
  EXPECT_EQ(a.accept(0).status, AcceptStatus::WouldBlock);
}

// EMFILE: the spare fd is closed, the pending connection accepted and dropped, the
// spare reopened -- so the backlog drains and a readiness loop does not spin.
TEST_F(CoreSeam, AcceptorShedsOnEmfileWithItsSpareFd) {
  Acceptor a(devNull(), true);
  EXPECT_EQ(s_.opens, 1);  // the spare
  s_.accepts = {-EMFILE, 1};
  AcceptResult r = a.accept(0);
  EXPECT_EQ(r.status, AcceptStatus::Shed);
  EXPECT_EQ(r.err, EMFILE);
  EXPECT_EQ(s_.acceptCalls, 2);  // the failing accept and the one that sheds
  EXPECT_EQ(s_.opens, 2);        // the spare is back
}

TEST_F(CoreSeam, AcceptorWithoutSpareLeavesTheConnectionQueued) {
  Acceptor a(devNull(), false);  // --bug-emfile-spin
  s_.accepts = {-EMFILE};
  EXPECT_EQ(a.accept(0).status, AcceptStatus::Shed);
  EXPECT_EQ(s_.acceptCalls, 1);
  EXPECT_EQ(s_.opens, 0);
}

TEST_F(CoreSeam, EchoConnectionDrainsUntilEagainAndOwesTheRest) {
  EchoConnection c(devNull());
  s_.reads = {{3, 0}, {-1, EINTR}, {2, 0}, {-1, EAGAIN}};
  s_.sends = {{1, 0}, {-1, EAGAIN}};
  char buf[64];
  EXPECT_TRUE(c.onReadable(buf, EchoPolicy{}));
  EXPECT_TRUE(s_.reads.empty()) << "stopped before EAGAIN";
  EXPECT_EQ(c.owed(), 4u);
  EXPECT_TRUE(c.wantsWrite());
  s_.sends = {{100, 0}};
  EXPECT_TRUE(c.onWritable(buf, EchoPolicy{}));
  EXPECT_EQ(s_.sent, "rrrrr");
  EXPECT_FALSE(c.wantsWrite());
}

TEST_F(CoreSeam, EchoConnectionHalfCloseFlushesThenIsDone) {
  EchoConnection c(devNull());
  s_.reads = {{4, 0}, {0, 0}};
  s_.sends = {{-1, EAGAIN}};
  char buf[64];
  EXPECT_TRUE(c.onReadable(buf, EchoPolicy{}));
  EXPECT_FALSE(c.done()) << "closed with 4 bytes still owed";
  s_.sends = {{100, 0}};
  EXPECT_TRUE(c.onWritable(buf, EchoPolicy{}));
  EXPECT_TRUE(c.done());
  EXPECT_EQ(s_.sent, "rrrr");
}

TEST_F(CoreSeam, LoseEagainPolicyForgetsUnsentBytes) {
  EchoConnection c(devNull());
  s_.reads = {{8, 0}};
  s_.sends = {{3, 0}, {-1, EAGAIN}};
  EchoPolicy bug;
  bug.keepUnsent = false;
  char buf[64];
  EXPECT_TRUE(c.onReadable(buf, bug));
  EXPECT_EQ(c.owed(), 0u);
  EXPECT_EQ(s_.sent.size(), 3u);
}

TEST_F(CoreSeam, ResetDuringReadClosesTheConnection) {
  EchoConnection c(devNull());
  s_.reads = {{-1, ECONNRESET}};
  char buf[64];
  EXPECT_FALSE(c.onReadable(buf, EchoPolicy{}));
}

}  // namespace
}  // namespace tcpfault::servers
