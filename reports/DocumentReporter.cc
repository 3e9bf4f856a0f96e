#include "reports/DocumentReporter.h"

#include "reports/record/ReportFiles.h"

namespace tcpfault::report {

void DocumentReporter::finish(const std::vector<RunRecord>& runs, double wallSeconds) {
  writeReportFile(dir_, file_, document_(runs, wallSeconds));
}

}  // namespace tcpfault::report
