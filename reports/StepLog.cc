#include "reports/StepLog.h"

#include <fmt/format.h>

namespace tcpfault::report {

std::string stepLog(const RunRecord& run) {
  std::string out;
  for (const StepRecord& s : run.steps) {
    out +=
        fmt::format("{:>4}  {:<7} {:.3f}s..{:.3f}s  {}", s.line, s.outcome, s.start, s.end, s.text);
    if (!s.expected.empty()) out += "  expected: " + s.expected;
    if (!s.observed.empty()) out += "  observed: " + s.observed;
    if (s.fault) out += "  [fault]";
    out += '\n';
  }
  return out;
}

}  // namespace tcpfault::report
