// BenchCell: one server at one connection count -- a fresh private network namespace
// (fresh port space, no TIME_WAIT left from the previous cell), the server, N idle
// connections, its memory per idle connection, then every (rounds, bytes) pair.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "servers/bench/Results.h"

namespace tcpfault::bench {

struct CellPlan {
  std::string serverPath;  // build/<server>
  std::string server;      // its name, for the rows
  std::vector<std::string> serverArgs;
  int connections = 0;
  std::vector<int> rounds;
  std::vector<size_t> sizes;
  std::chrono::steady_clock::time_point deadline;  // the run's time bound
};

// Throws only for harness failures (no namespace, fork failed); a server that does not
// keep up gives rows with a status instead.
std::vector<Row> runCell(const CellPlan& plan);

}  // namespace tcpfault::bench
