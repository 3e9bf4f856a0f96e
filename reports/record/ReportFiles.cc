#include "reports/record/ReportFiles.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>

#include "netns/Error.h"
#include "netns/UniqueFd.h"

namespace tcpfault::report {

std::string sanitiseFileName(std::string_view text) {
  std::string out;
  for (char c : text) {
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '_' || c == '-';
    out += keep ? c : '_';
  }
  if (out.empty() || out == "." || out == "..") out = "run";
  return out;
}

std::string pcapFileName(const RunRecord& run) {
  return "pcap/" + sanitiseFileName(run.id()) + ".pcap";
}

namespace {

// The report dir itself, never through a symlink planted where it (or pcap/) should be.
UniqueFd openReportDir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throwErrno(ec.value(), "create report dir " + dir.string());
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd) throwErrno(errno, "open report dir " + dir.string());
  return fd;
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

void writeReportFile(const std::filesystem::path& dir, std::string_view name,
                     std::string_view text) {
  UniqueFd dirFd = openReportDir(dir);
  std::filesystem::path path = dir / name;
  // A fresh name made with O_EXCL: nothing planted in a shared dir (a symlink to a file
  // root may write) is ever opened; rename() then replaces a link, never follows it.
  std::string tmp;
  UniqueFd fd;
  for (int i = 0; i < 100 && !fd; ++i) {
    tmp = fmt::format(".{}.{}.{}.tmp", name, ::getpid(), i);
    fd = UniqueFd(::openat(dirFd.get(), tmp.c_str(),
                           O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
    if (!fd && errno != EEXIST) throwErrno(errno, "create " + (dir / tmp).string());
  }
  if (!fd) throwErrno(EEXIST, "create a temporary file in " + dir.string());
  try {
    writeAll(fd.get(), text, (dir / tmp).string());
    if (::close(fd.release()) != 0) throwErrno(errno, "close " + (dir / tmp).string());
    if (::renameat(dirFd.get(), tmp.c_str(), dirFd.get(), std::string(name).c_str()) != 0)
      throwErrno(errno, "rename to " + path.string());
  } catch (...) {
    ::unlinkat(dirFd.get(), tmp.c_str(), 0);
    throw;
  }
}

UniqueFd createReportFile(const std::filesystem::path& path) {
  UniqueFd dirFd = openReportDir(path.parent_path());
  std::string name = path.filename();
  if (::unlinkat(dirFd.get(), name.c_str(), 0) != 0 && errno != ENOENT)
    throwErrno(errno, "remove the old " + path.string());
  UniqueFd fd(::openat(dirFd.get(), name.c_str(),
                       O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
  if (!fd) throwErrno(errno, "create " + path.string());
  return fd;
}

}  // namespace tcpfault::report
