// Runs a program to completion with a bound, capturing stdout+stderr: the black-box
// driver of the runner tests.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace tcpfault::test {

struct ProgramResult {
  int exitCode = -1;     // -1 when killed (by a signal or the bound)
  bool timedOut = false;
  std::string output;    // stdout and stderr interleaved
};

ProgramResult runProgram(const std::vector<std::string>& argv,
                         std::chrono::seconds bound = std::chrono::seconds(120));

// The scenarios binary of this build, and a fresh temporary directory.
std::string scenariosBinary();

// A fresh directory under /tmp, removed with everything in it at scope exit.
struct TempDir {
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string path;
};
void writeFile(const std::string& path, const std::string& text);
// Without privilege for network namespaces the runner tests skip.
bool canCreateNetns();

}  // namespace tcpfault::test
