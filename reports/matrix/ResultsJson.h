// results.json read back (schema: reports/README.md): the runs with their steps, and the
// environment they ran in. What the kernel matrix merges; a file from before the
// environment existed is named after its directory.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "reports/RunEnvironment.h"
#include "reports/record/RunRecord.h"

namespace tcpfault::report {

struct ResultsFile {
  std::filesystem::path path;
  RunEnvironment environment;  // kernel from the directory name, privilege "unknown" when absent
  std::vector<RunRecord> runs; // steps included; segments and logs are left out
};

// Bad input: "FILE:LINE:COL: error: ..." for malformed JSON, "FILE: error: ..." for a
// document that is not a tcpfault results.json of a known schema.
struct ResultsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

ResultsFile parseResults(const std::string& text, const std::filesystem::path& path);
ResultsFile readResults(const std::filesystem::path& path);  // throws ResultsError

// PATHS: results.json files, or directories searched (recursively) for results.json;
// in the order given, each directory's files sorted by path. Throws ResultsError for a
// path that does not exist or holds none.
std::vector<std::filesystem::path> findResults(const std::vector<std::filesystem::path>& paths);

}  // namespace tcpfault::report
