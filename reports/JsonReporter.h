// JSON (DIR/results.json): every run with its steps (expectation, observation, timing),
// the segments seen on the wire and its pcap file. Schema: reports/README.md.
#pragma once

#include <string>

#include "reports/Reporter.h"

namespace tcpfault::report {

inline constexpr int kJsonSchemaVersion = 1;

std::string jsonDocument(const std::vector<RunRecord>& runs, double wallSeconds);

}  // namespace tcpfault::report
