#include "reports/DocumentReporter.h"


namespace tcpfault::report {

void DocumentReporter::finish(const std::vector<RunRecord>& runs, double wallSeconds) {
  std::shared_ptr<const ReportDir> dir = dir_ ? dir_ : ReportDir::open(path_);
  dir->writeFile(file_, document_(runs, wallSeconds));
}

}  // namespace tcpfault::report
