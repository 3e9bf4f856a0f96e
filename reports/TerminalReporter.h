// Live progress for people: a line per run as it finishes ("PASS  1.2s  name [server]"),
// for failures the step, expected vs observed and the packets around it; on a TTY a
// progress line with count and ETA; a closing "N passed, N failed, N skipped" line.
// Colour only when asked (ReportOptions::color: a TTY without NO_COLOR).
#pragma once

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>

#include "reports/Reporter.h"

namespace tcpfault::report {

class TerminalReporter : public Reporter {
 public:
  explicit TerminalReporter(const ReportOptions& options);
  void started(size_t plannedRuns) override;
  void runFinished(const RunRecord& run) override;
  void finish(const std::vector<RunRecord>& runs, double wallSeconds) override;

 private:
  std::string paint(std::string_view text, std::string_view ansi) const;
  std::string statusWord(Status s) const;
  void printFailure(const RunRecord& run);
  void printWire(const RunRecord& run, const StepRecord& step);
  void printGroupTable(const std::vector<RunRecord>& runs);
  void clearProgress();
  void printProgress();

  std::ostream& out_;
  bool tty_, color_, matrix_;
  size_t planned_ = 0, done_ = 0, failed_ = 0;
  bool progressShown_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace tcpfault::report
