#include "netns/NetnsMark.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <regex>

#include "netns/Error.h"
#include "netns/UniqueFd.h"

namespace tcpfault::netns {
namespace {

// /run/tcpfault/netns, made on demand; each step opened without following a link and
// refused unless it is a directory of ours (nobody else may plant markers there).
UniqueFd openMarkDir(bool create) {
  UniqueFd at(::open("/run", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!at) throwErrno(errno, "open /run");
  for (const char* part : {"tcpfault", "netns"}) {
    if (create && ::mkdirat(at.get(), part, 0755) != 0 && errno != EEXIST)
      throwErrno(errno, fmt::format("create {}", kNetnsMarkDir));
    UniqueFd next(::openat(at.get(), part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!next) {
      if (!create && errno == ENOENT) return {};
      throwErrno(errno, fmt::format("open {} (at '{}')", kNetnsMarkDir, part));
    }
    struct stat st {};
    if (::fstat(next.get(), &st) != 0 || st.st_uid != ::geteuid() || (st.st_mode & 022) != 0)
      throwErrno(EPERM, fmt::format("{}: '{}' is not a directory only this user can write",
                                    kNetnsMarkDir, part));
    at = std::move(next);
  }
  return at;
}

std::optional<NetnsIdentity> identityOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return NetnsIdentity{st.st_dev, st.st_ino};
}

}  // namespace

bool isTcpfaultNetnsName(std::string_view name) {
  static const std::regex shape("tf-[a-z]+-[0-9]+(-[a-z0-9]+)+");
  return name.size() <= 64 && std::regex_match(name.begin(), name.end(), shape);
}

void markNamedNetns(const std::string& name) {
  if (!isTcpfaultNetnsName(name))
    throwErrno(EINVAL, "mark network namespace '" + name + "': not a tf-<tool>-<pid>-<role> name");
  auto id = identityOf(std::string(kNamedNetnsDir) + "/" + name);
  if (!id) throwErrno(errno, fmt::format("mark network namespace {}: stat", name));
  UniqueFd dir = openMarkDir(true);
  UniqueFd fd(::openat(dir.get(), name.c_str(),
                       O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (!fd) throwErrno(errno, fmt::format("create {}/{}", kNetnsMarkDir, name));
  std::string text = fmt::format("{} {}\n", id->dev, id->ino);
  if (::write(fd.get(), text.data(), text.size()) != static_cast<ssize_t>(text.size()))
    throwErrno(errno, fmt::format("write {}/{}", kNetnsMarkDir, name));
}

void unmarkNamedNetns(const std::string& name) {
  if (!isTcpfaultNetnsName(name)) return;
  UniqueFd dir = openMarkDir(false);
  if (dir && ::unlinkat(dir.get(), name.c_str(), 0) != 0 && errno != ENOENT)
    throwErrno(errno, fmt::format("remove {}/{}", kNetnsMarkDir, name));
}

std::optional<NetnsIdentity> markedNetns(const std::string& name) {
  if (!isTcpfaultNetnsName(name)) return std::nullopt;
  UniqueFd dir;
  try {
    dir = openMarkDir(false);
  } catch (const std::system_error&) {
    return std::nullopt;  // a marker dir we would not trust marks nothing
  }
  if (!dir) return std::nullopt;
  UniqueFd fd(::openat(dir.get(), name.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC));
  struct stat st {};
  if (!fd || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid())
    return std::nullopt;
  char buf[64] = {};
  ssize_t n = ::read(fd.get(), buf, sizeof buf - 1);
  unsigned long long dev = 0, ino = 0;
  if (n <= 0 || std::sscanf(buf, "%llu %llu", &dev, &ino) != 2) return std::nullopt;
  return NetnsIdentity{static_cast<dev_t>(dev), static_cast<ino_t>(ino)};
}

}  // namespace tcpfault::netns
