// Topology::shutdown of a multi-threaded server: the main thread is gone (its thread
// group leader shows as a zombie) while a worker still holds the connection and takes
// its time to exit. Power must stay on until the whole thread group has exited, so the
// worker's FIN reaches the client.
#include <gtest/gtest.h>
#include <sys/syscall.h>

#include <memory>
#include <thread>

#include "NetnsTestSupport.h"
#include "netns/Topology.h"

namespace tcpfault::netns::test {
namespace {

using namespace std::chrono_literals;
constexpr uint16_t kSinkPort = 9878;

// Accepts one connection, hands it to a worker, and ends the main thread alone
// (SYS_exit, not exit_group). On SIGTERM the worker cleans up for 300 ms -- the
// behaviour under test, a slow exit -- then closes the connection and exits.
int threadedServer() {
  sigset_t term;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  ::pthread_sigmask(SIG_BLOCK, &term, nullptr);  // inherited by the worker
  int ls = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(kSinkPort);
  if (::bind(ls, reinterpret_cast<sockaddr*>(&a), sizeof a) < 0 || ::listen(ls, 4) < 0) return 1;
  (void)!::write(1, "listening\n", 10);
  int c = ::accept(ls, nullptr, nullptr);
  if (c < 0) return 2;
  std::thread([c, term] {
    int sig = 0;
    ::sigwait(&term, &sig);
    std::this_thread::sleep_for(300ms);
    ::close(c);
    ::_exit(0);
  }).detach();
  (void)!::write(1, "worker holds the connection\n", 28);
  ::syscall(SYS_exit, 0);  // this thread only: the leader becomes a zombie
  return 3;
}

TEST(netns_Shutdown, WaitsForEveryThreadSoTheClientSeesTheFin) {
  TCPFAULT_REQUIRE_NETNS();
  for (int round = 0; round < 3; ++round) {
    Topology topo({"client", "server"});
    Child server = topo.host("server").fork(threadedServer);
    ASSERT_TRUE(server.waitForOutput("listening", 5s)) << server.output();
    UniqueFd conn;
    ASSERT_EQ(connectFrom(topo.host("client"), topo.address("server"), kSinkPort, conn).ret, 0);
    ASSERT_TRUE(server.waitForOutput("worker holds", 5s)) << server.output();
    topo.shutdown("server", 2s);
    auto r = recvBounded(conn.get(), 3s);
    EXPECT_EQ(r.ret, 0) << "round " << round << ": " << r.describe();  // the FIN arrived
    auto st = server.waitFor(5s);
    ASSERT_TRUE(st.has_value());
    EXPECT_EQ(st->describe(), "exit 0");  // exited by itself within the grace, not killed
  }
}

}  // namespace
}  // namespace tcpfault::netns::test
