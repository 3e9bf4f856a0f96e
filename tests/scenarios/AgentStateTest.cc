// The agent's sockets by name: a name reassigned (`c = connect ...` twice) closes the
// socket it named -- its peer sees the end (a FIN on TCP), and no fd leaks in the agent.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include "scenarios/runner/agent/AgentState.h"

namespace tcpfault::scenario {
namespace {

struct Pair {
  int mine = -1, peer = -1;
  Pair() {
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0) mine = sv[0], peer = sv[1];
  }
  ~Pair() { ::close(peer); }  // `mine` is the AgentState's
  // What the peer reads now: 0 once `mine` is closed, -1 (EAGAIN) while it is open.
  ssize_t peerReads() const {
    char b;
    return ::recv(peer, &b, 1, MSG_DONTWAIT);
  }
};

TEST(AgentState, ReassigningANameClosesTheOldSocket) {
  Pair first, second;
  ASSERT_GE(first.peer, 0);
  AgentState st(-1);
  st.assign("c", first.mine);
  ASSERT_EQ(first.peerReads(), -1);
  st.assign("c", second.mine);
  EXPECT_EQ(first.peerReads(), 0) << "the old socket is still open";
  EXPECT_EQ(second.peerReads(), -1);
  EXPECT_EQ(st.find("c")->fd, second.mine);
}

// A background call still using the socket keeps it open until it is done: its fd number
// cannot be reused under it.
TEST(AgentState, AReassignedSocketInUseClosesWhenTheCallIsDone) {
  Pair first, second;
  AgentState st(-1);
  st.assign("c", first.mine);
  auto held = st.find("c", true);
  st.assign("c", second.mine);
  EXPECT_EQ(first.peerReads(), -1);
  st.done(*held);
  held.reset();
  EXPECT_EQ(first.peerReads(), 0);
}

TEST(AgentState, ReassigningAFloodNameClosesTheWholeGroup) {
  Pair a, b, c;
  AgentState st(-1);
  st.assignGroup("f", {a.mine, b.mine});
  st.assign("f", c.mine);
  EXPECT_EQ(a.peerReads(), 0);
  EXPECT_EQ(b.peerReads(), 0);
  EXPECT_EQ(c.peerReads(), -1);
}

}  // namespace
}  // namespace tcpfault::scenario
