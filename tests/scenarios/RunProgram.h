// Runs a program to completion with a bound, capturing stdout+stderr: the black-box
// driver of the runner tests.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
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

// A program started in the background (output discarded); waited for with a bound.
struct Background {
  pid_t pid = -1;
  explicit Background(const std::vector<std::string>& argv);
  ~Background();  // SIGKILLs and reaps it if still running
  // Exit code, 128+signal when killed, or -1 when still running after the bound.
  int waitExit(std::chrono::milliseconds bound);
};

// Pids of processes whose environment holds TCPFAULT_RUN=runner (agents, servers).
std::vector<pid_t> processesOfRunner(pid_t runner);
// Polls `done` every 20 ms until it holds or the bound passes.
bool awaitTrue(const std::function<bool()>& done, std::chrono::milliseconds bound);

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
