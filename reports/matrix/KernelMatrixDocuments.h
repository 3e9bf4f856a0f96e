// The kernel matrix for people and programs: a terminal table, one self-contained HTML
// page and kernel-matrix.json (schema: reports/README.md).
#pragma once

#include <filesystem>
#include <string>

#include "reports/matrix/KernelMatrix.h"

namespace tcpfault::report {

// A fixed-width table (a "*" marks rows that differ between kernels), then per failing
// or erring cell what was expected and what that kernel did, then the skip reasons, then
// a totals line per kernel.
std::string kernelMatrixText(const KernelMatrix& m);

// The page links each column to its report.html, relative to `dir` (where the page is
// written) when the report lies beside it.
std::string kernelMatrixHtml(const KernelMatrix& m, const std::filesystem::path& dir);

std::string kernelMatrixJson(const KernelMatrix& m);

}  // namespace tcpfault::report
