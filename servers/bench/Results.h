// Results: the rows of an echo-bench run, printed as a table and written as CSV.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace tcpfault::bench {

struct Row {
  std::string server;
  int connections = 0;
  int rounds = 0;
  size_t bytes = 0;
  double seconds = 0;  // wall time of all rounds
  double bytesPerConn =
      -1;  // user-space memory (Pss_Anon) delta / connections after warm-up; -1 unknown
  std::string status = "ok";  // or why this cell has no figure
  double usPerRound() const { return rounds > 0 ? seconds * 1e6 / rounds : 0; }
};

void printTable(std::ostream& out, const std::vector<Row>& rows);
// Per server: the most connections it held, time per round at the fewest and the most
// connections (smallest message, most rounds) and their ratio, memory per idle connection.
void printSummary(std::ostream& out, const std::vector<Row>& rows);
void writeCsv(const std::string& path, const std::vector<Row>& rows);  // throws

}  // namespace tcpfault::bench
