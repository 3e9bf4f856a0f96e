#include "reports/record/ReportDir.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <system_error>
#include <vector>

#include "netns/Error.h"

namespace tcpfault::report {
namespace {

std::optional<unsigned> envNumber(const char* name) {
  const char* text = std::getenv(name);
  if (!text || !*text) return std::nullopt;
  unsigned v = 0;
  std::string_view s(text);
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// The components of a path as given; "." and empty parts dropped.
std::vector<std::string> components(const std::filesystem::path& path) {
  std::vector<std::string> out;
  for (const auto& part : path.relative_path())
    if (!part.empty() && part != ".") out.push_back(part.string());
  return out;
}

// One component, never through a symlink; created (and given to the owner) when missing.
// O_PATH on the way (search permission suffices), O_RDONLY for the dir itself.
UniqueFd openComponent(int at, const std::string& name, bool last, const FileOwner& owner,
                       const std::filesystem::path& whole) {
  int flags = (last ? O_RDONLY : O_PATH) | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
  UniqueFd fd(::openat(at, name.c_str(), flags));
  if (!fd && errno == ENOENT) {
    if (::mkdirat(at, name.c_str(), 0755) != 0 && errno != EEXIST)
      throwErrno(errno, fmt::format("create report dir {} (at '{}')", whole.string(), name));
    fd = UniqueFd(::openat(at, name.c_str(), flags));
    if (fd) owner.apply(fd.get(), whole.string());
  }
  if (fd) return fd;
  int err = errno;
  struct stat st {};
  if ((err == ENOTDIR || err == ELOOP) &&
      ::fstatat(at, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
    throwErrno(err, fmt::format("report dir {}: '{}' is a symlink, which is never followed (give "
                                "the real path)",
                                whole.string(), name));
  throwErrno(err, fmt::format("open report dir {} (at '{}')", whole.string(), name));
}

void writeAll(int fd, std::string_view text, const std::string& what) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throwErrno(errno, "write " + what);
    text.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace

FileOwner FileOwner::fromSudo() {
  if (::geteuid() != 0) return {};
  auto uid = envNumber("SUDO_UID");
  auto gid = envNumber("SUDO_GID");
  if (!uid || !gid) return {};
  return {static_cast<uid_t>(*uid), static_cast<gid_t>(*gid)};
}

void FileOwner::apply(int fd, const std::string& what) const {
  if (!uid || !gid) return;
  // AT_EMPTY_PATH: fd may be an O_PATH folder on the way. EINVAL: the id is not mapped (a
  // user namespace); the file stays the runner's.
  if (::fchownat(fd, "", *uid, *gid, AT_EMPTY_PATH) != 0 && errno != EINVAL)
    throwErrno(errno, fmt::format("give {} to uid {} (SUDO_UID)", what, *uid));
}

std::shared_ptr<const ReportDir> ReportDir::open(const std::filesystem::path& path,
                                                 FileOwner owner) {
  std::vector<std::string> parts = components(path);
  UniqueFd fd(::open(path.is_absolute() ? "/" : ".",
                     (parts.empty() ? O_RDONLY : O_PATH) | O_DIRECTORY | O_CLOEXEC));
  if (!fd) throwErrno(errno, "open report dir " + path.string());
  for (size_t i = 0; i < parts.size(); ++i)
    fd = openComponent(fd.get(), parts[i], i + 1 == parts.size(), owner, path);
  return std::shared_ptr<const ReportDir>(new ReportDir(std::move(fd), path, owner));
}

void ReportDir::writeFile(std::string_view name, std::string_view text) const {
  std::filesystem::path path = path_ / name;
  // A fresh name made with O_EXCL: nothing planted in a shared dir (a symlink to a file
  // root may write) is ever opened; renameat() then replaces a link, never follows it.
  std::string tmp;
  UniqueFd fd;
  for (int i = 0; i < 100 && !fd; ++i) {
    tmp = fmt::format(".{}.{}.{}.tmp", name, ::getpid(), i);
    fd = UniqueFd(::openat(fd_.get(), tmp.c_str(),
                           O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
    if (!fd && errno != EEXIST) throwErrno(errno, "create " + (path_ / tmp).string());
  }
  if (!fd) throwErrno(EEXIST, "create a temporary file in " + path_.string());
  try {
    owner_.apply(fd.get(), path.string());
    writeAll(fd.get(), text, (path_ / tmp).string());
    if (::close(fd.release()) != 0) throwErrno(errno, "close " + (path_ / tmp).string());
    if (::renameat(fd_.get(), tmp.c_str(), fd_.get(), std::string(name).c_str()) != 0)
      throwErrno(errno, "rename to " + path.string());
  } catch (...) {
    ::unlinkat(fd_.get(), tmp.c_str(), 0);
    throw;
  }
}

UniqueFd ReportDir::createFile(std::string_view relPath) const {
  std::filesystem::path rel(relPath);
  std::filesystem::path whole = path_ / rel;
  UniqueFd sub;  // the folder holding the file, when relPath has one
  int at = fd_.get();
  std::vector<std::string> parts = components(rel);
  if (parts.empty()) throwErrno(EINVAL, "create an unnamed file in " + path_.string());
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    sub = openComponent(at, parts[i], true, owner_, whole);
    at = sub.get();
  }
  const std::string& name = parts.back();
  if (::unlinkat(at, name.c_str(), 0) != 0 && errno != ENOENT)
    throwErrno(errno, "remove the old " + whole.string());
  UniqueFd fd(
      ::openat(at, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (!fd) throwErrno(errno, "create " + whole.string());
  owner_.apply(fd.get(), whole.string());
  return fd;
}

std::optional<std::string> ReportDir::readFile(std::string_view name, size_t maxBytes) const {
  UniqueFd fd(::openat(fd_.get(), std::string(name).c_str(),
                       O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC));
  struct stat st {};
  if (!fd || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  std::string text;
  char buf[65536];
  for (ssize_t n; (n = ::read(fd.get(), buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::nullopt;
    text.append(buf, static_cast<size_t>(n));
    if (text.size() > maxBytes) return std::nullopt;
  }
  return text;
}

}  // namespace tcpfault::report
