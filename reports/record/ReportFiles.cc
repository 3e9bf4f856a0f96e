#include "reports/record/ReportFiles.h"


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

}  // namespace tcpfault::report
