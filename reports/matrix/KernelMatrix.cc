#include "reports/matrix/KernelMatrix.h"

#include <string.h>

#include <algorithm>
#include <map>
#include <numeric>

#include <fmt/format.h>

#include "reports/RunSummary.h"

namespace tcpfault::report {

const char* KernelCell::outcome() const {
  if (errors) return "error";
  if (failed) return "fail";
  if (warned) return "warn";
  if (passed) return "pass";
  return skipped ? "skip" : "none";
}

std::string KernelCell::word() const {
  std::string w;
  if (errors) w = "ERROR";
  else if (failed) w = line > 0 ? fmt::format("FAIL:{}", line) : "FAIL";
  else if (warned) w = "warn";
  else if (passed) w = "pass";
  else if (skipped) return "skip";
  else return "-";
  if (runs() > 1) w += fmt::format(" {}/{}", passed + warned, runs() - skipped);
  return w;
}

bool KernelMatrix::differs(size_t row) const {
  std::string first;
  for (const KernelCell& c : cells[row]) {
    std::string o = c.outcome();
    if (o == "none") continue;
    if (first.empty()) first = o;
    else if (o != first) return true;
  }
  return false;
}

int KernelMatrix::exitCode() const {
  int code = 0;
  for (const auto& row : cells)
    for (const KernelCell& c : row) {
      if (c.errors) return 4;
      if (c.failed) code = 1;
    }
  return code;
}

KernelMatrix mergeResults(const std::vector<ResultsFile>& files) {
  KernelMatrix m;
  // Columns and rows in a stable order, whatever order the files came in: kernels by
  // version (6.1 before 6.12), rows by name.
  std::map<std::pair<std::string, std::string>, size_t> columnOf;
  std::map<std::pair<std::string, std::string>, KernelRow> rowsByKey;
  for (const ResultsFile& f : files) {
    auto key = std::make_pair(f.environment.kernel, f.environment.privilege);
    if (!columnOf.count(key)) {
      columnOf[key] = m.columns.size();
      m.columns.push_back({f.environment.kernel, f.environment.privilege, {}});
    }
    m.columns[columnOf[key]].sources.push_back(f.path.string());
    for (const RunRecord& r : f.runs) {
      KernelRow& row = rowsByKey[{r.scenario, r.server}];
      row.scenario = r.scenario;
      row.server = r.server;
      if (row.file.empty()) row.file = r.file;
    }
  }
  std::vector<size_t> order(m.columns.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    int v = ::strverscmp(m.columns[a].kernel.c_str(), m.columns[b].kernel.c_str());
    return v != 0 ? v < 0 : m.columns[a].privilege < m.columns[b].privilege;
  });
  std::vector<KernelColumn> sorted;
  for (size_t i : order) sorted.push_back(m.columns[i]);
  m.columns = std::move(sorted);
  for (size_t i = 0; i < m.columns.size(); ++i)
    columnOf[{m.columns[i].kernel, m.columns[i].privilege}] = i;

  std::map<std::pair<std::string, std::string>, size_t> rowOf;
  for (auto& [key, row] : rowsByKey) {
    rowOf[key] = m.rows.size();
    m.rows.push_back(row);
  }
  m.cells.assign(m.rows.size(), std::vector<KernelCell>(m.columns.size()));
  for (const ResultsFile& f : files) {
    size_t col = columnOf[{f.environment.kernel, f.environment.privilege}];
    for (const RunRecord& r : f.runs) {
      KernelCell& c = m.cells[rowOf[{r.scenario, r.server}]][col];
      bool bad = r.status == Status::Fail || r.status == Status::Error;
      // The first failure describes the cell, unless a harness error comes later: it
      // outranks a failure, as in the runner's exit code.
      bool first = c.failed + c.errors == 0 || (r.status == Status::Error && c.errors == 0);
      if (bad && first) {
        c.message = r.message;
        c.line = r.failedLine;
        c.step.clear();
        c.expected.clear();
        c.observed.clear();
        if (const StepRecord* s = failedStep(r)) {
          c.line = s->line;
          c.step = s->text;
          c.expected = s->expected;
          c.observed = s->observed;
        }
      } else if (r.status == Status::Warn && c.failed + c.errors + c.warned == 0) {
        c.message = r.message;
        c.line = r.failedLine;
      } else if (r.status == Status::Skip && c.message.empty()) {
        c.message = r.message;
      }
      c.passed += r.status == Status::Pass;
      c.failed += r.status == Status::Fail;
      c.errors += r.status == Status::Error;
      c.skipped += r.status == Status::Skip;
      c.warned += r.status == Status::Warn;
    }
  }
  return m;
}

}  // namespace tcpfault::report
