#include "reports/TapReporter.h"

#include <fmt/format.h>

#include "reports/JsonWriter.h"
#include "reports/RunSummary.h"

namespace tcpfault::report {
namespace {

// '#' starts a directive in a TAP description; new lines would end it.
std::string tapDescription(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '#')
      out += "\\#";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out;
}

// The YAML diagnostic block; JSON strings are valid YAML double-quoted scalars.
std::string yamlBlock(const RunRecord& run) {
  std::string y = "  ---\n";
  y += fmt::format("  message: {}\n", jsonQuote(run.message));
  y += fmt::format("  severity: {}\n", run.status == Status::Error ? "error" : run.status == Status::Warn ? "warning" : "fail");
  y += fmt::format("  at: {}\n", jsonQuote(failureLocation(run)));
  if (const StepRecord* s = failedStep(run)) {
    y += fmt::format("  step: {}\n", jsonQuote(s->text));
    y += fmt::format("  expected: {}\n", jsonQuote(s->expected));
    y += fmt::format("  observed: {}\n", jsonQuote(s->observed));
  }
  if (!run.ref.empty()) y += fmt::format("  ref: {}\n", jsonQuote(run.ref));
  if (!run.pcapFile.empty()) y += fmt::format("  pcap: {}\n", jsonQuote(run.pcapFile));
  y += fmt::format("  duration_ms: {}\n", static_cast<long>(run.seconds * 1000));
  return y + "  ...\n";
}

std::string tapLine(const RunRecord& run, size_t n) {
  std::string name = tapDescription(run.id());
  switch (run.status) {
    case Status::Pass:
      return fmt::format("ok {} {}\n", n, name);
    case Status::Skip:
      return fmt::format("ok {} {} # SKIP {}\n", n, name, tapDescription(run.message));
    case Status::Fail:
    case Status::Error:
      return fmt::format("not ok {} {}\n", n, name) + yamlBlock(run);
    case Status::Warn:  // a TODO does not fail the plan: a warning, not a correctness bug
      return fmt::format("not ok {} {} # TODO warn: {}\n", n, name, tapDescription(run.message)) + yamlBlock(run);
  }
  return "";
}

}  // namespace

std::string tapDocument(const std::vector<RunRecord>& runs, double wallSeconds) {
  std::string out = fmt::format("TAP version 13\n1..{}\n", runs.size());
  for (size_t i = 0; i < runs.size(); ++i) out += tapLine(runs[i], i + 1);
  Totals t = countRuns(runs);
  out += fmt::format("# pass {}\n# fail {}\n# skip {}\n# error {}\n", t.passed, t.failed, t.skipped, t.errors);
  if (t.warned) out += fmt::format("# warn {}\n", t.warned);
  out += fmt::format("# time {:.3f}s\n", wallSeconds);
  return out;
}

}  // namespace tcpfault::report
