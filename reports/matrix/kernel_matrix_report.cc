// kernel-matrix-report: merges results.json files -- one per kernel, from this machine or
// from CI jobs on others -- into the kernel matrix: a table on stdout, and
// kernel-matrix.json and kernel-matrix.html in --out. scripts/kernel-matrix calls it.
// Exit codes as the runner's: 0 every cell passed or skipped, 1 a run failed, 2 bad usage
// or a file that is not a tcpfault results.json, 4 a harness error in some cell (or no
// runs at all).
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "reports/matrix/KernelMatrix.h"
#include "reports/matrix/KernelMatrixDocuments.h"
#include "reports/matrix/ResultsJson.h"
#include "reports/record/ReportDir.h"

namespace fs = std::filesystem;
using namespace tcpfault::report;

int main(int argc, char** argv) {
  CLI::App app{"Merge tcpfault results.json files into a story x kernel matrix"};
  std::vector<std::string> paths;
  std::string out;
  bool quiet = false;
  app.add_option("paths", paths, "results.json files, or directories searched for them")->required();
  app.add_option("-o,--out", out, "write kernel-matrix.json and kernel-matrix.html here");
  app.add_flag("-q,--quiet", quiet, "no table on stdout");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  std::vector<ResultsFile> files;
  try {
    std::vector<fs::path> in(paths.begin(), paths.end());
    for (const fs::path& p : findResults(in)) files.push_back(readResults(p));
  } catch (const ResultsError& e) {
    fmt::print(stderr, "kernel-matrix-report: {}\n", e.what());
    return 2;
  }
  KernelMatrix m = mergeResults(files);
  if (!quiet) std::cout << kernelMatrixText(m) << std::flush;
  if (!out.empty()) {
    try {
      auto dir = ReportDir::open(out);
      dir->writeFile("kernel-matrix.json", kernelMatrixJson(m));
      dir->writeFile("kernel-matrix.html", kernelMatrixHtml(m, fs::absolute(out)));
    } catch (const std::exception& e) {
      fmt::print(stderr, "kernel-matrix-report: error: {}\n", e.what());
      return 4;
    }
    if (!quiet) fmt::print("kernel matrix in {}/kernel-matrix.html and kernel-matrix.json\n", out);
  }
  if (m.rows.empty()) {
    fmt::print(stderr, "kernel-matrix-report: no runs in {} file(s)\n", files.size());
    return 4;
  }
  return m.exitCode();
}
