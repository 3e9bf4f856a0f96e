#include "scenarios/runner/exec/PropertyVerdicts.h"

#include <algorithm>

#include "scenarios/runner/lang/Properties.h"

namespace tcpfault::scenario {

report::PropertyVerdict propertyVerdict(std::string_view name, std::string verdict) {
  report::PropertyVerdict v;
  v.name = std::string(name);
  v.verdict = std::move(verdict);
  if (const PropertySpec* spec = findProperty(name)) {
    v.meaning = std::string(spec->meaning);
    v.fix = std::string(spec->fix);
    v.rank = static_cast<int>(spec - propertyTable().data());
  }
  return v;
}

namespace {

// A failure before any fault step ran: the server did not let the story set up its
// situation (reset-mid-write needs a server whose window shuts).
bool failedBeforeTheFault(const report::RunRecord& rec) {
  for (const auto& s : rec.steps)
    if (s.fault && s.line < rec.failedLine) return false;
  return true;
}

}  // namespace

void judgeStoryProperty(const Scenario& sc, report::RunRecord& rec) {
  if (sc.checks.empty()) return;
  const std::string& decided =
      rec.status == report::Status::Fail && !sc.setupChecks.empty() && failedBeforeTheFault(rec)
          ? sc.setupChecks
          : sc.checks;
  // The epilogue runs only after every step held: its verdicts say the story passed.
  bool epilogueRan = std::any_of(rec.properties.begin(), rec.properties.end(),
                                 [](const report::PropertyVerdict& v) { return v.line == 0; });
  report::PropertyVerdict v = propertyVerdict(decided, "pass");
  switch (rec.status) {
    case report::Status::Pass:
    case report::Status::Warn:
      break;
    case report::Status::Skip:
      v.verdict = "skip";
      v.observed = rec.message;
      break;
    case report::Status::Error:  // says nothing about the server
      v.verdict = "skip";
      v.observed = "harness error: " + rec.message;
      break;
    case report::Status::Fail:
      if (epilogueRan) break;
      const PropertySpec* spec = findProperty(decided);
      v.verdict = spec && spec->warnOnly ? "warn" : "fail";
      v.line = rec.failedLine;
      v.observed = rec.message;
      for (const auto& s : rec.steps)
        if (s.line == rec.failedLine && s.outcome == "failed") {
          v.step = s.text;
          v.expected = s.expected;
          v.observed = s.observed;
        }
      if (v.verdict == "warn") rec.status = report::Status::Warn;
      break;
  }
  rec.properties.insert(rec.properties.begin(), std::move(v));
}

}  // namespace tcpfault::scenario
