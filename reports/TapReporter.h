// TAP version 13 (testanything.org): one "ok"/"not ok" line per run, a YAML block for
// failures, "# SKIP reason" for skipped runs, totals as comments. Written to DIR/results.tap.
#pragma once

#include <filesystem>
#include <string>

#include "reports/Reporter.h"

namespace tcpfault::report {

// The whole TAP document for these runs.
std::string tapDocument(const std::vector<RunRecord>& runs, double wallSeconds);

class TapReporter : public Reporter {
 public:
  explicit TapReporter(std::filesystem::path dir) : dir_(std::move(dir)) {}
  void finish(const std::vector<RunRecord>& runs, double wallSeconds) override;

 private:
  std::filesystem::path dir_;
};

}  // namespace tcpfault::report
