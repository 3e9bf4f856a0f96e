// The kernel matrix: story x server (a row) by kernel x privilege (a column), merged from
// results.json files made on any number of kernels and machines. A cell holds the runs
// of its row on its column (--repeat, or the same kernel on two machines, add up); a
// failing cell keeps what was expected and what that kernel did.
#pragma once

#include <string>
#include <vector>

#include "reports/matrix/ResultsJson.h"

namespace tcpfault::report {

struct KernelColumn {
  std::string kernel;     // uname -r
  std::string privilege;  // root, userns, capabilities, unknown
  std::vector<std::string> sources;  // the results.json files merged into this column
  std::string label() const { return kernel + " " + privilege; }
};

struct KernelRow {
  std::string scenario, server, file;  // server empty: the scenario starts no server
  std::string id() const { return server.empty() ? scenario : scenario + " [" + server + "]"; }
};

struct KernelCell {
  int passed = 0, failed = 0, errors = 0, skipped = 0, warned = 0;
  // The first failure (or error), else the first warning, else the first skip: its
  // message and the step that decided it.
  std::string message;
  int line = 0;
  std::string step, expected, observed;
  int runs() const { return passed + failed + errors + skipped + warned; }
  // "error" outranks "fail", which outranks "warn" (a policy, not a defect: the run
  // counts as passed); "skip" only when nothing ran; "none" when the row never ran on
  // this kernel.
  const char* outcome() const;
  std::string word() const;  // "pass", "warn", "FAIL:14", "ERROR", "skip", "-", "FAIL:14 1/3"
};

struct KernelMatrix {
  std::vector<KernelColumn> columns;       // ordered by kernel version, then privilege
  std::vector<KernelRow> rows;             // ordered by scenario, then server
  std::vector<std::vector<KernelCell>> cells;  // [row][column]
  // Rows whose outcome is not the same in every column that ran them.
  bool differs(size_t row) const;
  // As the runner: 4 when a cell has a harness error, 1 when one failed, else 0.
  int exitCode() const;
};

KernelMatrix mergeResults(const std::vector<ResultsFile>& files);

}  // namespace tcpfault::report
