#include "netns/Host.h"

#include <fcntl.h>
#include <linux/sched.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <netlink/netlink.h>
#include <netlink/route/link.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "netns/Error.h"
#include "netns/ErrnoName.h"
#include "netns/ProcessTable.h"
#include "netns/ExecImage.h"
#include "netns/ForkChild.h"
#include "netns/SpawnChild.h"
#include "netns/Sysctl.h"

namespace tcpfault::netns {

namespace {

UniqueFd openNs(pid_t pid, const char* which, const std::string& host) {
  auto path = fmt::format("/proc/{}/ns/{}", pid, which);
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) throwErrno(errno, fmt::format("open {} of host {}", path, host));
  return fd;
}

ino_t inodeOf(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) < 0) throwErrno(errno, "fstat namespace fd");
  return st.st_ino;
}

// The keeper cannot finish exiting while a Child of its namespace awaits reaping by its
// owner (zap_pid_ns_processes waits for them), so reap it in the background then.
void reapKeeper(pid_t pid, int pidfd) {
  pollfd p{pidfd, POLLIN, 0};
  if (::poll(&p, 1, 50) == 1) {
    ::waitpid(pid, nullptr, __WALL);
    return;
  }
  std::thread([pid] {
    while (::waitpid(pid, nullptr, __WALL) < 0 && errno == EINTR) {
    }
  }).detach();
}

// Sets the calling thread's pid_ns_for_children for its lifetime. (Not a cached fd of
// our own pid namespace: a process forked into a host has another one.)
class PidnsForChildrenGuard {
 public:
  explicit PidnsForChildrenGuard(int pidnsFd)
      : saved_(::open("/proc/thread-self/ns/pid_for_children", O_RDONLY | O_CLOEXEC)) {
    if (!saved_) throwErrno(errno, "open /proc/thread-self/ns/pid_for_children");
    if (::setns(pidnsFd, CLONE_NEWPID) < 0) throwErrno(errno, "setns(CLONE_NEWPID)");
  }
  ~PidnsForChildrenGuard() {
    if (::setns(saved_.get(), CLONE_NEWPID) < 0)
      std::fprintf(stderr, "tcpfault: cannot restore the pid namespace: errno %d\n", errno);
  }
  PidnsForChildrenGuard(const PidnsForChildrenGuard&) = delete;
  PidnsForChildrenGuard& operator=(const PidnsForChildrenGuard&) = delete;

 private:
  UniqueFd saved_;
};

UniqueFd openThreadNs(const char* which) {
  auto path = fmt::format("/proc/thread-self/ns/{}", which);
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) throwErrno(errno, "open " + path);
  return fd;
}

// Hosts are made from a network namespace of our own whose tcp_child_ehash_entries gives
// each host a TCP hash table of its own (Linux 6.1+).
// sock_diag dumps, which the runner polls while an expectation converges, then walk a
// host's few buckets instead of the machine's (262144 on 24 GiB: 3 ms per dump). Made
// once per process by a thread of its own; the fd keeps it alive, nothing names it.
constexpr const char* kHostEhashEntries = "1024";

UniqueFd makeParentNetns() {
  UniqueFd out;
  std::exception_ptr failed;
  std::thread([&] {
    try {
      if (::unshare(CLONE_NEWNET) < 0)
        throwErrno(errno, "unshare(CLONE_NEWNET) for the hosts' parent namespace");
      out = openThreadNs("net");
      try {
        writeProcSys("net/ipv4/tcp_child_ehash_entries", kHostEhashEntries, "(hosts' parent)");
      } catch (const std::system_error&) {
        // No such file (before 6.1) or not writable here: hosts share the machine's table,
        // which costs time, not correctness.
      }
    } catch (...) {
      failed = std::current_exception();
    }
  }).join();
  if (failed) std::rethrow_exception(failed);
  return out;
}

int parentNetnsFd() {
  static const UniqueFd fd = makeParentNetns();  // a throw leaves it for the next call
  return fd.get();
}

// The keeper (netns/keeper): init of the host's PID namespace, so every process of the
// host dies with it, and the holder of its network namespace. This thread enters the
// hosts' parent namespace, unshares both, spawns the keeper as their first process, and
// the guards take the thread back to its own. Spawned, not forked: a fork would share the
// runner's pages copy-on-write for the keeper's whole life.
pid_t spawnKeeper(const std::string& host) {
  UniqueFd owner(static_cast<int>(::syscall(SYS_pidfd_open, ::getpid(), 0)));
  if (!owner) throwErrno(errno, "pidfd_open of the owner");
  NetnsGuard fromParent(parentNetnsFd());  // and back to this thread's own at the end
  PidnsForChildrenGuard stayPid(openThreadNs("pid_for_children").get());
  if (::unshare(CLONE_NEWNET | CLONE_NEWPID) < 0)
    throwErrno(errno, fmt::format("unshare(CLONE_NEWNET|CLONE_NEWPID) for host {}", host));
  SpawnOptions opts;
  opts.argv = {TCPFAULT_KEEPER_PATH};
  opts.passFds = {owner.get()};  // fd 3: the keeper ends at once if the owner is gone
  opts.captureOutput = false;
  return spawnProcess(opts, -1, fmt::format("keeper of host {}", host));
}

}  // namespace

struct Host::Impl {
  std::string name;
  pid_t keeper = -1;
  UniqueFd keeperPidfd;
  UniqueFd netns, pidns;
  ino_t netnsInode = 0, pidnsInode = 0;
  nl_sock* nl = nullptr;
  std::mutex nlMutex;

  ~Impl() {
    if (nl) nl_socket_free(nl);
    if (keeper > 0) {
      ::syscall(SYS_pidfd_send_signal, keeperPidfd.get(), SIGKILL, nullptr, 0);
      reapKeeper(keeper, keeperPidfd.get());
    }
  }
};

// lo is ifindex 1 in every network namespace: no lookup round trip needed.
static void setLoUp(nl_sock* sock, const std::string& host) {
  rtnl_link* lo = rtnl_link_alloc();
  rtnl_link_set_ifindex(lo, 1);
  rtnl_link* change = rtnl_link_alloc();
  rtnl_link_set_flags(change, IFF_UP);
  int err = rtnl_link_change(sock, lo, change, 0);
  rtnl_link_put(change);
  rtnl_link_put(lo);
  if (err < 0) throwNl(err, fmt::format("set lo up in host {}", host));
}

Host::Host(std::string name) : impl_(std::make_unique<Impl>()) {
  auto& m = *impl_;
  m.name = std::move(name);
  m.keeper = spawnKeeper(m.name);
  m.keeperPidfd = UniqueFd(static_cast<int>(::syscall(SYS_pidfd_open, m.keeper, 0)));
  if (!m.keeperPidfd) {
    int err = errno;
    // ~Impl kills and reaps through the pidfd: without one the keeper would be left
    // running. Our child, not yet reaped, so its pid cannot be reused: kill and reap by pid.
    ::kill(m.keeper, SIGKILL);
    while (::waitpid(m.keeper, nullptr, __WALL) < 0 && errno == EINTR) {
    }
    m.keeper = -1;
    throwErrno(err, fmt::format("pidfd_open keeper of host {}", m.name));
  }
  m.netns = openNs(m.keeper, "net", m.name);
  m.pidns = openNs(m.keeper, "pid", m.name);
  m.netnsInode = inodeOf(m.netns.get());
  m.pidnsInode = inodeOf(m.pidns.get());
  NetnsGuard in(m.netns.get());
  m.nl = nl_socket_alloc();
  if (!m.nl) throwErrno(ENOMEM, "nl_socket_alloc");
  if (int err = nl_connect(m.nl, NETLINK_ROUTE); err < 0)
    throwNl(err, fmt::format("netlink socket in host {}", m.name));
  // One recvmsg per reply instead of a MSG_PEEK to size the buffer first.
  nl_socket_disable_msg_peek(m.nl);
  nl_socket_set_msg_buf_size(m.nl, 32768);
  setLoUp(m.nl, m.name);
  // Before any link exists: addresses usable at once, and IPv6 addresses survive a
  // link going down (crash/heal take links down and up).
  if (!kernelHasIpv6()) return;
  for (const char* key : {"net/ipv6/conf/all/accept_dad", "net/ipv6/conf/default/accept_dad"})
    writeProcSys(key, "0", m.name);
  // The kernel ORs the "all" value with the device's (addrconf_ifdown): one write does.
  writeProcSys("net/ipv6/conf/all/keep_addr_on_down", "1", m.name);
}

Host::~Host() = default;
Host::Host(Host&&) noexcept = default;
Host& Host::operator=(Host&&) noexcept = default;

const std::string& Host::name() const { return impl_->name; }
int Host::netnsFd() const { return impl_->netns.get(); }
ino_t Host::netnsInode() const { return impl_->netnsInode; }
ino_t Host::pidnsInode() const { return impl_->pidnsInode; }
pid_t Host::keeperPid() const { return impl_->keeper; }
nl_sock* Host::netlink() { return impl_->nl; }

void Host::withNetlink(const std::function<void(nl_sock*)>& fn) {
  std::lock_guard lock(impl_->nlMutex);
  fn(impl_->nl);
}

void Host::setSysctl(std::string_view key, std::string_view value) {
  NetnsGuard in(netnsFd());
  writeProcSys(sysctlPath(key), value, name());
}

std::string Host::sysctl(std::string_view key) {
  NetnsGuard in(netnsFd());
  return readProcSys(sysctlPath(key), name());
}

void Host::enter(const std::function<void()>& fn) {
  NetnsGuard in(netnsFd());
  fn();
}

std::vector<pid_t> Host::processes() const {
  std::vector<pid_t> out;
  for (pid_t pid : processesInPidns(impl_->pidnsInode))
    if (pid != impl_->keeper) out.push_back(pid);
  return out;
}

void Host::signalAll(int sig) {
  for (pid_t pid : processes()) ::kill(pid, sig);  // ESRCH: it exited meanwhile
}

void Host::killAll() { signalAll(SIGKILL); }

Child Host::forkInside(const std::function<void()>& inChild, const SpawnOptions& opts) {
  NetnsGuard net(netnsFd());
  PidnsForChildrenGuard pidns(impl_->pidns.get());
  return forkChild(inChild, opts, fmt::format("fork into host {}", name()));
}

Child Host::fork(const std::function<int()>& fn, const SpawnOptions& opts) {
  return forkInside(
      [&fn, &opts] {
        if (opts.closeOtherFds) closeFdsExcept(opts.keepFds);  // 1 and 2 are the pipe now
        int code = 70;
        try {
          code = fn();
        } catch (const std::exception& e) {
          std::fprintf(stderr, "tcpfault: exception in forked child: %s\n", e.what());
        } catch (...) {
        }
        std::fflush(nullptr);
        ::_exit(code);
      },
      opts);
}

Child Host::spawn(const SpawnOptions& opts) {
  NetnsGuard net(netnsFd());
  PidnsForChildrenGuard pidns(impl_->pidns.get());
  return spawnChild(opts, fmt::format("spawn in host {}", name()));
}

NetnsGuard::NetnsGuard(int netnsFd)
    : saved_(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)) {
  if (!saved_) throwErrno(errno, "open /proc/thread-self/ns/net");
  if (::setns(netnsFd, CLONE_NEWNET) < 0) throwErrno(errno, "setns(CLONE_NEWNET)");
}

namespace {
std::atomic<NetnsGuard::SetnsFunction> gRestoreSetns{&::setns};
}  // namespace

NetnsGuard::SetnsFunction NetnsGuard::setRestoreFunctionForTesting(SetnsFunction fn) {
  return gRestoreSetns.exchange(fn ? fn : &::setns);
}

NetnsGuard::~NetnsGuard() {
  if (gRestoreSetns.load()(saved_.get(), CLONE_NEWNET) == 0) return;
  int err = errno;
  std::fprintf(stderr, "tcpfault: fatal: %s; this thread would go on in a host's network "
                       "namespace, so the run ends here\n",
               errnoMessage("cannot restore the network namespace: setns", err).c_str());
  std::abort();
}

}  // namespace tcpfault::netns
