// DocumentReporter: a report that is one document in one file of the report dir (TAP,
// JUnit, JSON, HTML). A format is a function from the runs to its text; writing the file
// (atomically, at the end) is the same for all, so it lives here once.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "reports/Reporter.h"
#include "reports/record/ReportDir.h"

namespace tcpfault::report {

using DocumentFn = std::string (*)(const std::vector<RunRecord>& runs, double wallSeconds);

class DocumentReporter : public Reporter {
 public:
  // The runner's report dir, opened once (ReportDir.h).
  DocumentReporter(std::shared_ptr<const ReportDir> dir, std::string_view file, DocumentFn document)
      : dir_(std::move(dir)), file_(file), document_(document) {}
  // A folder opened when the document is written (tests, tools).
  DocumentReporter(const std::filesystem::path& dir, std::string_view file, DocumentFn document)
      : path_(dir), file_(file), document_(document) {}
  // Writes dir/file. Throws std::system_error when it cannot.
  void finish(const std::vector<RunRecord>& runs, double wallSeconds) override;

 private:
  std::shared_ptr<const ReportDir> dir_;
  std::filesystem::path path_;  // without dir_
  std::string file_;
  DocumentFn document_;
};

}  // namespace tcpfault::report
