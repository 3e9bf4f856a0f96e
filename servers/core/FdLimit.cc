#include "servers/core/FdLimit.h"

#include <sys/resource.h>

#include <cerrno>

#include <fmt/format.h>

#include "netns/Error.h"

namespace tcpfault::servers {
namespace {

rlimit current() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) < 0) throwErrno(errno, "getrlimit RLIMIT_NOFILE");
  return rl;
}

}  // namespace

void setFdLimit(unsigned long n) {
  rlimit rl = current();
  rl.rlim_cur = n;
  if (rl.rlim_max < n) rl.rlim_max = n;
  if (setrlimit(RLIMIT_NOFILE, &rl) < 0) throwErrno(errno, fmt::format("setrlimit RLIMIT_NOFILE {}", n));
}

void raiseFdLimit(unsigned long n) {
  if (current().rlim_cur < n) setFdLimit(n);
}

}  // namespace tcpfault::servers
