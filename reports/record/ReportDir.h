// The report dir, opened once. Every report, pcap and run-seconds.tsv is created or read
// relative to its descriptor (openat, mkdirat, renameat), never by path: a symlink planted
// as --report-dir, inside its path or where pcap/ should be cannot send a root run's
// writes elsewhere. A report dir may be shared (/tmp, a CI workspace), so nothing in it
// is followed, and a FIFO planted as a file to read cannot block the run.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "netns/UniqueFd.h"

namespace tcpfault::report {

// Who owns what the runner creates: under sudo, the invoking user (SUDO_UID/SUDO_GID), so
// the next run without sudo can write the same dir; otherwise the process (no chown).
struct FileOwner {
  std::optional<uid_t> uid;
  std::optional<gid_t> gid;
  // From the environment: only when euid is 0 and both variables are plain numbers.
  static FileOwner fromSudo();
  void apply(int fd, const std::string& what) const;  // fchown; a no-op without an owner
};

class ReportDir {
 public:
  // Opens `path`, creating the folders that are missing, one component at a time with
  // O_NOFOLLOW|O_DIRECTORY: a symlink anywhere in the path as given is refused (ELOOP or
  // ENOTDIR) before anything is written. A relative path starts at the working directory
  // (whose own path is not examined). Throws std::system_error naming the component.
  static std::shared_ptr<const ReportDir> open(const std::filesystem::path& path,
                                               FileOwner owner = FileOwner::fromSudo());

  const std::filesystem::path& path() const { return path_; }  // as given, for messages
  int fd() const { return fd_.get(); }

  // Writes `name` (a plain file name) through a fresh O_EXCL temporary file and rename, so
  // readers never see half a report and a planted symlink is replaced, never followed.
  void writeFile(std::string_view name, std::string_view text) const;
  // A new file for writing at `relPath` ("pcap/run.pcap": folders created, none followed),
  // replacing what was there.
  UniqueFd createFile(std::string_view relPath) const;
  // A regular file's bytes, at most maxBytes; nullopt when absent, not a regular file
  // (opened with O_NONBLOCK, so a FIFO never blocks), a symlink, or longer.
  std::optional<std::string> readFile(std::string_view name, size_t maxBytes) const;

 private:
  ReportDir(UniqueFd fd, std::filesystem::path path, FileOwner owner)
      : fd_(std::move(fd)), path_(std::move(path)), owner_(owner) {}
  UniqueFd fd_;
  std::filesystem::path path_;
  FileOwner owner_;
};

}  // namespace tcpfault::report
