// Harness failures (netlink refused, fork failed, bad address) are thrown as
// std::system_error whose what() names the object, the operation and the errno name.
// What the kernel under test returns is never thrown: it is data for expectations.
#pragma once

#include <string_view>
#include <system_error>

namespace tcpfault {

// Throws std::system_error(err, "<what>: ENAME (strerror)"); EPERM/EACCES add
// "needs CAP_NET_ADMIN: run with sudo".
[[noreturn]] void throwErrno(int err, std::string_view what);

// Same, for libnl's negative error codes (NLE_*), mapped to the closest errno.
[[noreturn]] void throwNl(int nlerr, std::string_view what);

}  // namespace tcpfault
