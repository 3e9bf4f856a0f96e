// JSON (DIR/results.json): every run with its steps (expectation, observation, timing),
// the segments seen on the wire and its pcap file. Schema: reports/README.md.
#pragma once

#include <filesystem>
#include <string>

#include "reports/Reporter.h"

namespace tcpfault::report {

inline constexpr int kJsonSchemaVersion = 1;

std::string jsonDocument(const std::vector<RunRecord>& runs, double wallSeconds);

class JsonReporter : public Reporter {
 public:
  explicit JsonReporter(std::filesystem::path dir) : dir_(std::move(dir)) {}
  void finish(const std::vector<RunRecord>& runs, double wallSeconds) override;

 private:
  std::filesystem::path dir_;
};

}  // namespace tcpfault::report
