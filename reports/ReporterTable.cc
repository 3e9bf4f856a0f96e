#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <string>

#include "reports/DocumentReporter.h"
#include "reports/HtmlReporter.h"
#include "reports/JsonReporter.h"
#include "reports/JunitReporter.h"
#include "reports/Reporter.h"
#include "reports/TapReporter.h"
#include "reports/TerminalReporter.h"

namespace tcpfault::report {
namespace {

std::unique_ptr<Reporter> makeTerminal(const ReportOptions& o) {
  return std::make_unique<TerminalReporter>(o);
}

constexpr ReporterKind kKinds[] = {
    {"terminal", "", nullptr, makeTerminal},
    {"tap", "results.tap", tapDocument},
    {"junit", "junit.xml", junitDocument},
    {"json", "results.json", jsonDocument},
    {"html", "report.html", htmlDocument},
};

}  // namespace

std::span<const ReporterKind> reporterKinds() { return kKinds; }

std::unique_ptr<Reporter> makeReporter(std::string_view name, const ReportOptions& options) {
  for (const ReporterKind& kind : kKinds)
    if (kind.name == name)
      return kind.document ? std::make_unique<DocumentReporter>(options.dir, kind.file, kind.document)
                           : kind.make(options);
  std::string known;
  for (const ReporterKind& kind : kKinds)
    known += (known.empty() ? "" : ", ") + std::string(kind.name);
  throw std::invalid_argument("unknown report format '" + std::string(name) + "' (known: " + known +
                              ")");
}

ReportOptions terminalDefaults(std::shared_ptr<const ReportDir> dir) {
  ReportOptions o;
  o.dir = std::move(dir);
  o.out = &std::cout;
  o.tty = isatty(STDOUT_FILENO) == 1;
  o.color = wantColor(o.tty, std::getenv("NO_COLOR"));
  return o;
}

bool wantColor(bool tty, const char* noColorEnv) { return tty && !(noColorEnv && *noColorEnv); }

void ReporterList::add(std::unique_ptr<Reporter> r) {
  std::lock_guard lock(mu_);
  reporters_.push_back(std::move(r));
}

// A reporter that throws (a full disk, an unwritable file) loses its own report, never
// the others' nor the process: the message is kept for errors().
template <typename Call>
void ReporterList::each(Call call) {
  std::lock_guard lock(mu_);
  for (auto& r : reporters_) {
    try {
      call(*r);
    } catch (const std::exception& e) {
      errors_.emplace_back(e.what());
    } catch (...) {
      errors_.emplace_back("a reporter threw an unknown exception");
    }
  }
}

void ReporterList::started(size_t plannedRuns) {
  each([&](Reporter& r) { r.started(plannedRuns); });
}

void ReporterList::runFinished(const RunRecord& run) {
  each([&](Reporter& r) { r.runFinished(run); });
}

void ReporterList::finish(const std::vector<RunRecord>& runs, double wallSeconds) {
  each([&](Reporter& r) { r.finish(runs, wallSeconds); });
}

std::vector<std::string> ReporterList::errors() {
  std::lock_guard lock(mu_);
  return errors_;
}

}  // namespace tcpfault::report
