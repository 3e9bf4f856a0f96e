#include "netns/Error.h"

#include <cerrno>
#include <string>

#include <fmt/format.h>
#include <netlink/errno.h>

#include "netns/ErrnoName.h"

namespace tcpfault {
namespace {

// A system_error whose what() is our message alone: std::system_error would append
// strerror() again after the "ENAME (strerror)" the message already carries.
class ErrnoError : public std::system_error {
 public:
  ErrnoError(int err, std::string msg)
      : std::system_error(err, std::generic_category()), msg_(std::move(msg)) {}
  const char* what() const noexcept override { return msg_.c_str(); }

 private:
  std::string msg_;
};

}  // namespace

void throwErrno(int err, std::string_view what) {
  std::string msg = errnoMessage(what, err);
  if (err == EPERM || err == EACCES) msg += " -- needs CAP_NET_ADMIN: run with sudo";
  throw ErrnoError(err, std::move(msg));
}

void throwNl(int nlerr, std::string_view what) {
  // libnl returns -NLE_*; nl_syserr2nlerr's inverse is not public, so map the common ones.
  int code = nlerr < 0 ? -nlerr : nlerr;
  int err = EIO;
  switch (code) {
    case NLE_PERM: err = EPERM; break;
    case NLE_EXIST: err = EEXIST; break;
    case NLE_OBJ_NOTFOUND: err = ENOENT; break;
    case NLE_INVAL: err = EINVAL; break;
    case NLE_NOMEM: err = ENOMEM; break;
    case NLE_NODEV: err = ENODEV; break;
    case NLE_BUSY: err = EBUSY; break;
    case NLE_RANGE: err = ERANGE; break;
    case NLE_NOADDR: err = EADDRNOTAVAIL; break;
    case NLE_OPNOTSUPP: err = EOPNOTSUPP; break;
    case NLE_AF_NOSUPPORT: err = EAFNOSUPPORT; break;
    case NLE_NOACCESS: err = EACCES; break;
    default: break;
  }
  throwErrno(err, fmt::format("{} (libnl: {})", what, nl_geterror(nlerr)));
}

}  // namespace tcpfault
