#include "reports/record/ReportFiles.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

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

void writeReportFile(const std::filesystem::path& dir, std::string_view name,
                     std::string_view text) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throwErrno(ec.value(), "create report dir " + dir.string());
  std::filesystem::path path = dir / name, tmp = dir / (std::string(name) + ".tmp");
  UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd) throwErrno(errno, "open " + tmp.string());
  while (!text.empty()) {
    ssize_t n = ::write(fd.get(), text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throwErrno(errno, "write " + tmp.string());
    text.remove_prefix(static_cast<size_t>(n));
  }
  if (::close(fd.release()) != 0) throwErrno(errno, "close " + tmp.string());
  if (::rename(tmp.c_str(), path.c_str()) != 0) throwErrno(errno, "rename to " + path.string());
}

}  // namespace tcpfault::report
