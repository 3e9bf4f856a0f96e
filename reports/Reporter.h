// Reporter: one report format (terminal, TAP, JUnit, JSON, HTML). The runner calls
// started() once, runFinished() as each run ends and finish() once at the end.
// Threads: one call at a time (ReporterList serialises them), from any thread.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "reports/record/ReportDir.h"
#include "reports/record/RunRecord.h"

namespace tcpfault::report {

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void started(size_t /*plannedRuns*/) {}
  virtual void runFinished(const RunRecord& /*run*/) {}
  // Writes the report. Throws std::system_error when its file cannot be written.
  virtual void finish(const std::vector<RunRecord>& runs, double wallSeconds) = 0;
};

// What a reporter may need from the runner.
struct ReportOptions {
  std::shared_ptr<const ReportDir> dir;  // opened once; file reporters write here
  std::ostream* out = nullptr;  // the terminal's stream; nullptr: std::cout
  bool tty = false;             // out is a terminal: live progress line
  bool color = false;           // ANSI colours (only on a TTY, never with NO_COLOR)
  bool serverMatrix = false;    // the terminal ends with the story x server report card
};

// ReportOptions for stdout: tty from isatty(1), colour when a TTY and NO_COLOR is unset.
ReportOptions terminalDefaults(std::shared_ptr<const ReportDir> dir);

// Colour is for terminals only, and never when NO_COLOR is set and non-empty (no-color.org).
bool wantColor(bool tty, const char* noColorEnv);

// The table of report writers (STYLE 6): a new file format is its document function and
// one row (a DocumentReporter writes it); the terminal, which reports as runs end, has a
// factory instead.
struct ReporterKind {
  std::string_view name;  // "terminal", "tap", "junit", "json", "html"
  std::string_view file;  // what it writes in the report dir ("" for the terminal)
  std::string (*document)(const std::vector<RunRecord>&, double wallSeconds);  // file formats
  std::unique_ptr<Reporter> (*make)(const ReportOptions&) = nullptr;            // the others
};
std::span<const ReporterKind> reporterKinds();

// Throws std::invalid_argument naming the known formats when `name` is unknown.
std::unique_ptr<Reporter> makeReporter(std::string_view name, const ReportOptions& options);

// Fans every call out to several reporters, in order. Thread-safe: runs finishing on
// several worker threads may report at once; the calls are serialised here.
class ReporterList : public Reporter {
 public:
  void add(std::unique_ptr<Reporter> r);
  void started(size_t plannedRuns) override;
  void runFinished(const RunRecord& run) override;
  void finish(const std::vector<RunRecord>& runs, double wallSeconds) override;
  // What the reporters threw: caught here, so one broken report never ends the run.
  std::vector<std::string> errors();

 private:
  template <typename Call>
  void each(Call call);
  std::mutex mu_;
  std::vector<std::unique_ptr<Reporter>> reporters_;  // guarded by mu_
  std::vector<std::string> errors_;                   // guarded by mu_
};

}  // namespace tcpfault::report
