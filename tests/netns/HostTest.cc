// Host and Child: namespaces, sysctls, spawning, waiting, signals, teardown.
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <fstream>
#include <system_error>

#include <gtest/gtest.h>

#include "tests/support/AwaitUntil.h"
#include "NetnsTestSupport.h"
#include "netns/ProcessTable.h"

namespace tcpfault::netns::test {
namespace {

using namespace std::chrono_literals;

std::string readFile(const std::string& path) {
  std::ifstream f(path);
  std::string s;
  std::getline(f, s);
  return s;
}

class netns_Host : public ::testing::Test {
 protected:
  void SetUp() override { TCPFAULT_REQUIRE_NETNS(); }
};

TEST_F(netns_Host, SysctlIsWrittenInsideTheHostOnly) {
  std::string rootValue = readFile("/proc/sys/net/ipv4/tcp_retries2");
  Host a("a"), b("b");
  a.setSysctl("net.ipv4.tcp_retries2", "3");
  EXPECT_EQ(a.sysctl("net.ipv4.tcp_retries2"), "3");
  EXPECT_EQ(b.sysctl("net.ipv4.tcp_retries2"), "15");  // the kernel default
  EXPECT_EQ(readFile("/proc/sys/net/ipv4/tcp_retries2"), rootValue);
  EXPECT_EQ(a.sysctl("net.ipv6.conf.all.accept_dad"), "0");
}

// A positive tcp_ehash_entries is a table of the namespace's own (negative: the machine's,
// shared); the machine's own setting for its children is left as it was.
TEST_F(netns_Host, EachHostHasATcpHashTableOfItsOwn) {
  if (::access("/proc/sys/net/ipv4/tcp_child_ehash_entries", F_OK) != 0)
    GTEST_SKIP() << "kernel before 6.1: no per-namespace TCP hash tables";
  std::string rootChild = readFile("/proc/sys/net/ipv4/tcp_child_ehash_entries");
  Host a("a"), b("b");
  EXPECT_EQ(a.sysctl("net.ipv4.tcp_ehash_entries"), "1024");
  EXPECT_EQ(b.sysctl("net.ipv4.tcp_ehash_entries"), "1024");
  EXPECT_EQ(readFile("/proc/sys/net/ipv4/tcp_child_ehash_entries"), rootChild);
}

TEST_F(netns_Host, BadSysctlNamesKeyAndErrno) {
  Host a("a");
  try {
    a.setSysctl("net.ipv4.no_such_knob", "1");
    FAIL() << "no exception";
  } catch (const std::system_error& e) {
    EXPECT_NE(std::string(e.what()).find("no_such_knob"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("ENOENT"), std::string::npos) << e.what();
  }
  EXPECT_THROW(a.setSysctl("../../etc/passwd", "x"), std::invalid_argument);
}

TEST_F(netns_Host, EnterSwitchesOnlyTheCallingThreadAndRestores) {
  Host a("a");
  ino_t before = threadNetns();
  ino_t inside = 0;
  a.enter([&] { inside = threadNetns(); });
  EXPECT_EQ(inside, a.netnsInode());
  EXPECT_NE(inside, before);
  EXPECT_EQ(threadNetns(), before);
}

TEST_F(netns_Host, LoopbackIsUp) {
  Host a("a");
  a.enter([] {
    UniqueFd ls(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    socklen_t len = 0;
    auto addr = sockAddr("127.0.0.1", 4242, len);
    ASSERT_EQ(::bind(ls.get(), reinterpret_cast<sockaddr*>(&addr), len), 0) << errnoName(errno);
    ASSERT_EQ(::listen(ls.get(), 1), 0);
    UniqueFd c(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    EXPECT_EQ(::connect(c.get(), reinterpret_cast<sockaddr*>(&addr), len), 0) << errnoName(errno);
  });
}

TEST_F(netns_Host, SpawnCapturesOutputAndExitCode) {
  Host a("a");
  Child c = a.spawn(SpawnOptions::command({"sh", "-c", "echo out; echo err >&2; exit 3"}));
  auto st = c.waitFor(5s);
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->describe(), "exit 3");
  EXPECT_TRUE(c.waitForOutput("err", 1s));
  EXPECT_EQ(c.output(), "out\nerr\n");
}

TEST_F(netns_Host, SpawnRunsInBothNamespacesWithEnv) {
  Host a("a");
  Child c = a.spawn(SpawnOptions::command(
      {"sh", "-c", "stat -L -c %i /proc/self/ns/net /proc/self/ns/pid; echo $MARK"},
      {"MARK=tf-marker"}));
  ASSERT_TRUE(c.waitFor(5s).has_value());
  EXPECT_EQ(c.output(), std::to_string(a.netnsInode()) + "\n" +
                            std::to_string(a.pidnsInode()) + "\ntf-marker\n");
}

TEST_F(netns_Host, SpawnOfAMissingProgramThrowsEnoent) {
  Host a("a");
  try {
    a.spawn(SpawnOptions::command({"tf-no-such-program"}));
    FAIL() << "no exception";
  } catch (const std::system_error& e) {
    EXPECT_EQ(e.code().value(), ENOENT);
    EXPECT_NE(std::string(e.what()).find("tf-no-such-program"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(awaitUntil([&] { return a.processes().empty(); }, 5s));
}

TEST_F(netns_Host, ForkReportsDeathBySignal) {
  Host a("a");
  // The forked child has default dispositions, so writing to a pipe without reader
  // kills it with SIGPIPE -- visible because it is our direct child.
  Child c = a.fork([] {
    int p[2];
    (void)!::pipe(p);
    ::close(p[0]);
    (void)!::write(p[1], "x", 1);
    return 0;
  });
  auto st = c.waitFor(5s);
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->describe(), "killed by SIGPIPE");
}

TEST_F(netns_Host, WaitForTimesOutThenKillReaps) {
  Host a("a");
  Child c = a.spawn(SpawnOptions::command({"sleep", "30"}));
  EXPECT_FALSE(c.waitFor(100ms).has_value());
  EXPECT_TRUE(c.running());
  EXPECT_EQ(c.kill().describe(), "killed by SIGKILL");
  EXPECT_FALSE(c.running());
}

TEST_F(netns_Host, ProcessesAndSignalAll) {
  Host a("a");
  Child c1 = a.spawn(SpawnOptions::command({"sleep", "30"}));
  Child c2 = a.fork([] {
    for (;;) ::pause();
    return 0;
  });
  auto procs = a.processes();
  EXPECT_EQ(procs.size(), 2u);
  EXPECT_NE(std::find(procs.begin(), procs.end(), c1.pid()), procs.end());
  EXPECT_NE(std::find(procs.begin(), procs.end(), c2.pid()), procs.end());
  a.signalAll(SIGTERM);
  EXPECT_EQ(c1.waitFor(5s)->describe(), "killed by SIGTERM");
  EXPECT_EQ(c2.waitFor(5s)->describe(), "killed by SIGTERM");
}

TEST_F(netns_Host, KeeperReapsOrphans) {
  Host a("a");
  // The subshell exits at once; its background sleep is orphaned to the keeper (pid 1
  // of the host), which must reap it when it ends.
  Child c = a.spawn(SpawnOptions::command({"sh", "-c", "(sleep 0.2 &); echo started"}));
  ASSERT_TRUE(c.waitFor(5s).has_value());
  EXPECT_TRUE(awaitUntil([&] { return a.processes().empty(); }, 5s));
  EXPECT_EQ(zombieCount(a.keeperPid()), 0);
}

TEST_F(netns_Host, DestroyingTheHostKillsItsProcesses) {
  Child c;
  pid_t keeper;
  {
    Host a("a");
    keeper = a.keeperPid();
    c = a.spawn(SpawnOptions::command({"sleep", "30"}));
  }
  auto st = c.waitFor(5s);
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->describe(), "killed by SIGKILL");
  EXPECT_TRUE(awaitUntil([&] { return !procInfo(keeper).has_value(); }, 5s));
}

TEST_F(netns_Host, ProcStatParsesCommWithParentheses) {
  Host a("a");
  Child c = a.fork([] {
    ::prctl(PR_SET_NAME, "x) (T y");
    (void)!::write(1, "named\n", 6);
    for (;;) ::pause();
    return 0;
  });
  ASSERT_TRUE(c.waitForOutput("named", 5s));
  // A parser that stopped at the first ')' would read '(' or 'T' as the state.
  EXPECT_TRUE(awaitUntil([&] { return procInfo(c.pid())->state == 'S'; }, 5s))
      << procInfo(c.pid())->state;
  auto info = procInfo(c.pid());
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->ppid, ::getpid());
  c.kill();
}

TEST_F(netns_Host, ZombiesAreCountedUntilReaped) {
  Host a("a");
  Child c = a.spawn(SpawnOptions::command({"true"}));
  ASSERT_TRUE(awaitUntil([&] { return zombieCount(::getpid()) >= 1; }, 5s));
  auto kids = childrenOf(::getpid());
  EXPECT_TRUE(std::any_of(kids.begin(), kids.end(),
                          [&](const ProcInfo& p) { return p.pid == c.pid() && p.state == 'Z'; }));
  ASSERT_TRUE(c.waitFor(1s).has_value());
  EXPECT_EQ(zombieCount(::getpid()), 0);
}

}  // namespace
}  // namespace tcpfault::netns::test

namespace tcpfault::netns::test {
namespace {

// A socket of ours must not stay open in an unrelated forked child: closing it here
// must close the connection (the peer sees EOF).
TEST_F(netns_Host, ForkCanCloseOtherFds) {
  Host a("a");
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
  UniqueFd mine(sv[0]), peer(sv[1]);
  int keep[2];
  ASSERT_EQ(::pipe(keep), 0);
  UniqueFd keepRd(keep[0]), keepWr(keep[1]);
  SpawnOptions opts;
  opts.closeOtherFds = true;
  opts.keepFds = {keepWr.get()};
  int mineFd = mine.get(), keepFd = keepWr.get();
  Child c = a.fork(
      [mineFd, keepFd] {
        bool mineClosed = ::fcntl(mineFd, F_GETFD) < 0 && errno == EBADF;
        bool keptOpen = ::write(keepFd, "k", 1) == 1;
        return mineClosed && keptOpen ? 0 : 1;
      },
      opts);
  auto st = c.waitFor(5s);
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->describe(), "exit 0");
  char ch = 0;
  EXPECT_EQ(::read(keepRd.get(), &ch, 1), 1);
  Child holder = a.fork([] {  // without the option the copy is inherited
    for (;;) ::pause();
    return 0;
  });
  mine.reset();
  pollfd p{peer.get(), POLLIN, 0};
  EXPECT_EQ(::poll(&p, 1, 200), 0) << "the holder's copy keeps the socket open";
  holder.kill();
  EXPECT_EQ(::poll(&p, 1, 5000), 1);
}

// pidfd_open of any process but this one fails with EMFILE (the keeper's; the owner's
// own, which spawning the keeper takes, still works).
void failPidfdOpenOfOthers() {
  auto self = static_cast<__u32>(::getpid());
  sock_filter f[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_pidfd_open, 0, 4),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, args[0])),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, self, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EMFILE),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  sock_fprog prog{static_cast<unsigned short>(std::size(f)), f};
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0) {
    std::perror("seccomp");
    std::_Exit(3);
  }
}

// Was: ~Impl killed and reaped the keeper through its pidfd, so without one the keeper
// was left running (and a thread waiting to reap it for ever).
TEST_F(netns_Host, AKeeperWithoutAPidfdIsKilledAndReaped) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        failPidfdOpenOfOthers();
        int err = 0;
        try {
          Host a("a");
        } catch (const std::system_error& e) {
          err = e.code().value();
        }
        auto left = childrenOf(::getpid());  // zombies too: killed is not enough
        for (const auto& kid : left) ::kill(kid.pid, SIGKILL);
        std::fprintf(stderr, "error %d, %zu children left\n", err, left.size());
        std::_Exit(err == EMFILE && left.empty() ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "error 24, 0 children left");
}

}  // namespace
}  // namespace tcpfault::netns::test
