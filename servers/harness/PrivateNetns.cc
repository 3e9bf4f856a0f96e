#include "servers/harness/PrivateNetns.h"

#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "netns/ErrnoName.h"
#include "netns/Error.h"
#include "netns/UniqueFd.h"

namespace tcpfault::harness {

std::string enterPrivateNetns() {
  if (::unshare(CLONE_NEWNET) < 0) return errnoMessage("unshare(CLONE_NEWNET)", errno);
  UniqueFd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!s) return errnoMessage("socket", errno);
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  if (::ioctl(s.get(), SIOCGIFFLAGS, &ifr) < 0) return errnoMessage("SIOCGIFFLAGS lo", errno);
  ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP);
  if (::ioctl(s.get(), SIOCSIFFLAGS, &ifr) < 0) return errnoMessage("SIOCSIFFLAGS lo up", errno);
  return "";
}

}  // namespace tcpfault::harness
