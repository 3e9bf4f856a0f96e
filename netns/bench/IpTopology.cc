#include "IpTopology.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

#include <fmt/format.h>

#include "netns/NetnsMark.h"

extern char** environ;

namespace tcpfault::netns::bench {

namespace {

std::string nsName(const std::string& role) { return fmt::format("tf-bench-{}-{}", ::getpid(), role); }

void ip(const std::vector<std::string>& args) {
  if (int st = runIp(args); st != 0)
    throw std::runtime_error(fmt::format("ip {} failed (status {})", fmt::join(args, " "), st));
}

// One end host: veth created from inside the host, peer born in the router.
void attach(const std::string& host, const std::string& router, const std::string& routerIf,
            int i) {
  std::string h = nsName(host), r = nsName(router);
  ip({"-n", h, "link", "set", "lo", "up"});
  ip({"-n", h, "link", "add", "tf-eth0", "type", "veth", "peer", "name", routerIf, "netns", r});
  ip({"-n", r, "addr", "add", fmt::format("198.18.{}.1/24", i), "dev", routerIf});
  ip({"-n", r, "addr", "add", fmt::format("2001:db8:{}::1/64", i), "dev", routerIf, "nodad"});
  ip({"-n", h, "addr", "add", fmt::format("198.18.{}.2/24", i), "dev", "tf-eth0"});
  ip({"-n", h, "addr", "add", fmt::format("2001:db8:{}::2/64", i), "dev", "tf-eth0", "nodad"});
  ip({"-n", r, "link", "set", routerIf, "up"});
  ip({"-n", h, "link", "set", "tf-eth0", "up"});
  ip({"-n", h, "route", "add", "198.18.0.0/15", "via", fmt::format("198.18.{}.1", i)});
  ip({"-n", h, "-6", "route", "add", "2001:db8::/32", "via", fmt::format("2001:db8:{}::1", i)});
}

}  // namespace

int runIp(const std::vector<std::string>& args) {
  std::vector<char*> argv{const_cast<char*>("ip")};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  pid_t pid;
  int err = posix_spawnp(&pid, "ip", &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (err != 0) return 127;
  int st = 0;
  while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  return st;
}

int IpTopology::commandCount() { return 3 + 2 + 2 * 10 + 3; }

IpTopology::IpTopology() {
  try {
    for (const char* role : {"router", "client", "server"}) {
      ip({"netns", "add", nsName(role)});
      added_.push_back(nsName(role));
      markNamedNetns(nsName(role));  // what --cleanup may remove if this process is killed
    }
    ip({"-n", nsName("router"), "link", "set", "lo", "up"});
    ip({"netns", "exec", nsName("router"), "sysctl", "-qw", "net.ipv4.ip_forward=1",
        "net.ipv6.conf.all.forwarding=1"});
    attach("client", "router", "tf-client", 1);
    attach("server", "router", "tf-server", 2);
  } catch (...) {
    deleteAll();  // the destructor does not run for a constructor that throws
    throw;
  }
}

IpTopology::~IpTopology() { deleteAll(); }

void IpTopology::deleteAll() {
  for (const auto& name : added_) {
    runIp({"netns", "del", name});
    try {
      unmarkNamedNetns(name);
    } catch (const std::exception&) {  // a stale marker names a namespace that is gone: harmless
    }
  }
  added_.clear();
}

}  // namespace tcpfault::netns::bench
