#include "servers/core/Sys.h"

#include <fcntl.h>
#include <unistd.h>

namespace tcpfault::servers {
namespace {
int openPath(const char* path, int flags) { return ::open(path, flags); }
}  // namespace

Sys realSys() { return Sys{::read, ::send, ::accept4, openPath}; }

Sys& sys() {
  static Sys table = realSys();
  return table;
}

}  // namespace tcpfault::servers
