// Host: a network namespace owned by this process, plus a PID namespace whose init
// ("keeper") is our child with PR_SET_PDEATHSIG=SIGKILL. Every process spawned in the host
// lives in that PID namespace, so when the owner dies -- even by SIGKILL -- the keeper
// dies, the kernel kills every process of the host, the last reference to the network
// namespace goes and its veths with it. Nothing is named in /run/netns: nothing can leak.
//
// Threads: any method may be called from any thread; methods that must run inside the
// namespace switch the *calling thread* with setns() and switch it back (NetnsGuard).
// PDEATHSIG fires when the thread that created the host exits: create hosts on a thread
// that outlives them.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "netns/Child.h"
#include "netns/UniqueFd.h"

struct nl_sock;

namespace tcpfault::netns {

class Host {
 public:
  // Creates the namespaces, brings lo up, disables IPv6 DAD (addresses usable at once).
  // Throws std::system_error (EPERM -> "needs CAP_NET_ADMIN: run with sudo").
  explicit Host(std::string name);
  ~Host();  // SIGKILLs every process of the host and closes the namespace fds
  Host(Host&&) noexcept;
  Host& operator=(Host&&) noexcept;

  const std::string& name() const;
  int netnsFd() const;
  ino_t netnsInode() const;
  pid_t keeperPid() const;
  ino_t pidnsInode() const;
  nl_sock* netlink();  // a NETLINK_ROUTE socket opened inside this namespace
  // Runs fn with netlink(), serialised between threads (one socket per host).
  void withNetlink(const std::function<void(nl_sock*)>& fn);

  // "net.ipv4.tcp_retries2" = "3", written to /proc/sys inside this namespace.
  void setSysctl(std::string_view key, std::string_view value);
  std::string sysctl(std::string_view key);

  // Runs fn on the calling thread while it is inside this network namespace.
  void enter(const std::function<void()>& fn);

  // exec argv inside the host (net + pid namespace), stdout/stderr captured by Child.
  Child spawn(const SpawnOptions& opts);
  // fork; the child runs fn inside the host and _exits with its return value.
  Child fork(const std::function<int()>& fn, const SpawnOptions& opts = {});

  std::vector<pid_t> processes() const;  // every process of the host but the keeper
  void signalAll(int sig);               // to every process of processes()
  void killAll();                        // SIGKILL every process, the keeper stays

 private:
  // fork() into the host's namespaces; the child runs inChild, which must not return.
  Child forkInside(const std::function<void()>& inChild, const SpawnOptions& opts);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Switches the calling thread into a network namespace for its lifetime.
//
// If switching back fails, the process ends (a message naming the errno, then abort):
// a thread left in a host's namespace would open every later socket, route and sysctl in
// that host while its code believes it is home -- results that look valid and are not,
// and changes made to the wrong namespace. An exception cannot prevent that: whoever
// catches it goes on in the wrong namespace. Not expected in practice -- the saved fd
// keeps the namespace alive -- so it stays loud rather than recoverable.
class NetnsGuard {
 public:
  explicit NetnsGuard(int netnsFd);
  ~NetnsGuard();
  NetnsGuard(const NetnsGuard&) = delete;
  NetnsGuard& operator=(const NetnsGuard&) = delete;

  // Test seam: the setns() used to switch back; returns the previous one.
  using SetnsFunction = int (*)(int fd, int nstype);
  static SetnsFunction setRestoreFunctionForTesting(SetnsFunction fn);

 private:
  UniqueFd saved_;
};

}  // namespace tcpfault::netns
