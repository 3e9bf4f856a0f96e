#include "ThreadNetns.h"

#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <thread>

#include "netns/Error.h"

namespace tcpfault::reporttest {
namespace {

void bringLoopbackUp() {
  UniqueFd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!s) throwErrno(errno, "socket for SIOCSIFFLAGS");
  ifreq req{};
  std::strncpy(req.ifr_name, "lo", IFNAMSIZ - 1);
  if (::ioctl(s.get(), SIOCGIFFLAGS, &req) != 0) throwErrno(errno, "SIOCGIFFLAGS lo");
  req.ifr_flags = static_cast<short>(req.ifr_flags | IFF_UP);
  if (::ioctl(s.get(), SIOCSIFFLAGS, &req) != 0) throwErrno(errno, "SIOCSIFFLAGS lo up");
}

// Runs fn on a fresh thread, returning its exception, if any, to the caller.
void onThread(const std::function<void()>& fn) {
  std::exception_ptr error;
  std::thread t([&] {
    try {
      fn();
    } catch (...) {
      error = std::current_exception();
    }
  });
  t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace

UniqueFd makeThreadNetns() {
  UniqueFd fd;
  onThread([&] {
    if (::unshare(CLONE_NEWNET) != 0) {
      if (errno == EPERM) return;
      throwErrno(errno, "unshare(CLONE_NEWNET)");
    }
    bringLoopbackUp();
    fd.reset(::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC));
    if (!fd) throwErrno(errno, "open /proc/thread-self/ns/net");
  });
  return fd;
}

void runInNetns(int netnsFd, const std::function<void()>& fn) {
  onThread([&] {
    if (::setns(netnsFd, CLONE_NEWNET) != 0) throwErrno(errno, "setns");
    fn();
  });
}

}  // namespace tcpfault::reporttest
