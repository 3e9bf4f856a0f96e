#include "reports/RunEnvironment.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace tcpfault::report {

std::string privilegeFrom(std::string_view uidMap, uid_t euid) {
  std::istringstream in{std::string(uidMap)};
  unsigned long inside = 1, outside = 1, count = 0;
  // No map at all: a kernel without user namespaces, so the initial one.
  bool initial = !(in >> inside >> outside >> count) ||
                 (inside == 0 && outside == 0 && count == 4294967295UL);
  if (!initial) return "userns";
  return euid == 0 ? "root" : "capabilities";
}

RunEnvironment currentEnvironment() {
  RunEnvironment env;
  utsname u{};
  if (::uname(&u) == 0) {
    env.kernel = u.release;
    env.machine = u.machine;
  }
  std::ifstream f("/proc/self/uid_map");
  std::stringstream text;
  text << f.rdbuf();
  env.privilege = privilegeFrom(text.str(), ::geteuid());
  return env;
}

}  // namespace tcpfault::report
