#include "reports/RunSummary.h"

#include <fmt/format.h>

#include <cmath>

namespace tcpfault::report {

void Totals::add(Status s) {
  switch (s) {
    case Status::Pass:
      ++passed;
      break;
    case Status::Fail:
      ++failed;
      break;
    case Status::Skip:
      ++skipped;
      break;
    case Status::Error:
      ++errors;
      break;
    case Status::Warn:
      ++warned;
      break;
  }
}

Totals countRuns(const std::vector<RunRecord>& runs) {
  Totals t;
  for (const RunRecord& r : runs) t.add(r.status);
  return t;
}

std::string totalsLine(const Totals& t) {
  std::string line = fmt::format("{} passed, {} failed, {} skipped", t.passed, t.failed + t.errors, t.skipped);
  return t.warned ? line + fmt::format(", {} warned", t.warned) : line;
}

const StepRecord* failedStep(const RunRecord& run) {
  for (const StepRecord& s : run.steps)
    if (s.outcome == "failed") return &s;
  for (const StepRecord& s : run.steps)
    if (run.failedLine != 0 && s.line == run.failedLine) return &s;
  return nullptr;
}

std::string failureLocation(const RunRecord& run) {
  int line = run.failedLine;
  if (line == 0)
    if (const StepRecord* s = failedStep(run)) line = s->line;
  if (line == 0) return run.file;
  return fmt::format("{}:{}", run.file, line);
}

std::string humanSeconds(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
  if (seconds < 1) return fmt::format("{}ms", std::lround(seconds * 1000));
  if (seconds < 60) return fmt::format("{:.1f}s", seconds);
  long whole = std::lround(seconds);
  return fmt::format("{}m{:02}s", whole / 60, whole % 60);
}

}  // namespace tcpfault::report
