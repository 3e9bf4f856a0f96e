// The report card: story x server, each cell passed, failed (with the failing line) or
// skipped (with the reason) -- what a server author attaches to a CI run. Repeated runs
// of one cell count together; the worst outcome names the cell.
#pragma once

#include <string>
#include <vector>

#include "reports/record/RunRecord.h"

namespace tcpfault::report {

struct MatrixCell {
  int passed = 0, failed = 0, skipped = 0;  // failed counts harness errors too
  int warned = 0;                           // only a warn-level property did not hold
  int line = 0;                             // the first failure's line in the .scn
  std::string why;                          // the first failure's location or skip reason
  std::string word() const;                 // "pass", "FAIL:14", "WARN:9", "skip", "2/3 pass"
  const char* outcome() const;              // "fail", "warn", "skip", "pass"; "none" without runs
  int runs() const { return passed + failed + skipped + warned; }
};

struct ServerMatrix {
  std::vector<std::string> servers, stories;  // in run order
  std::vector<std::vector<MatrixCell>> cells;  // [story][server]
  bool empty() const { return servers.empty(); }
};

// Runs without a server (the scenario starts its own programs) are left out.
ServerMatrix serverMatrix(const std::vector<RunRecord>& runs);

// A fixed-width table, then each failure and each skip reason on a line of its own.
std::string matrixText(const ServerMatrix& m);
std::string matrixHtml(const ServerMatrix& m);

}  // namespace tcpfault::report
