#include "scenarios/runner/exec/RunSeconds.h"

#include <charconv>
#include <cmath>

#include <fmt/format.h>


namespace tcpfault::scenario {

RunSeconds parseRunSeconds(std::string_view text) {
  RunSeconds out;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos || tab + 1 == line.size()) continue;
    double s = 0;
    auto [end, ec] = std::from_chars(line.data(), line.data() + tab, s);
    if (ec != std::errc() || end != line.data() + tab || !std::isfinite(s) || s < 0) continue;
    out.insert_or_assign(std::string(line.substr(tab + 1)), s);
  }
  return out;
}

std::string formatRunSeconds(const RunSeconds& seconds) {
  std::string out;
  for (const auto& [id, s] : seconds) out += fmt::format("{:.3f}\t{}\n", s, id);
  return out;
}

RunSeconds readRunSeconds(const report::ReportDir& dir) {
  auto text = dir.readFile(kRunSecondsFile, 16u << 20);  // larger: not ours (a suite's is kilobytes)
  return text ? parseRunSeconds(*text) : RunSeconds{};
}

std::string runSecondsKey(report::RunIdentity run) {
  run.iterations = 1;
  return run.id();
}

void mergeRunSeconds(RunSeconds& into, const std::vector<report::RunRecord>& runs) {
  for (const auto& r : runs)
    if (r.status == report::Status::Pass || r.status == report::Status::Fail)
      into.insert_or_assign(runSecondsKey(r), r.seconds);
}

}  // namespace tcpfault::scenario
