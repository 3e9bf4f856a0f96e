#include "servers/core/ErrnoPolicy.h"

#include <cerrno>

namespace tcpfault::servers {

bool acceptCanGoOn(int err) {
  switch (err) {
    case ECONNABORTED:
    case EPROTO:
    case ENETDOWN:
    case ENOPROTOOPT:
    case EHOSTDOWN:
    case ENONET:
    case EHOSTUNREACH:
    case EOPNOTSUPP:
    case ENETUNREACH:
    case EPERM:
      return true;  // EPERM: a firewall rule refused this one connection
    default:
      return false;
  }
}

bool isFdExhaustion(int err) { return err == EMFILE || err == ENFILE; }

bool isPeerGone(int err) {
  switch (err) {
    case ECONNRESET:
    case EPIPE:
    case ETIMEDOUT:
    case EHOSTUNREACH:
    case ENETUNREACH:
    case ENOTCONN:
    case ECONNABORTED:
      return true;
    default:
      return false;
  }
}

}  // namespace tcpfault::servers
