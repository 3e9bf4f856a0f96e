// Runs a program to completion with a bound, capturing stdout+stderr: the black-box
// driver of the runner tests.
#pragma once

#include "netns/Privilege.h"
#include "tests/support/AwaitUntil.h"
#include "tests/support/TempDir.h"

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

// The identity a runner (a live process here) gives its agents and servers
// (netns/RunMarker.h); taken while it runs, to find its processes after it died.
std::string runnerMarker(pid_t runner);
// Pids of processes whose environment holds TCPFAULT_RUN=marker (agents, servers).
std::vector<pid_t> processesOfRunner(const std::string& marker);


// Pids of every process below root (children, their children, ...), by /proc's ppid.
std::vector<pid_t> descendantsOf(pid_t root);

// argv run as an unprivileged user: uid/gid 65534 through setpriv(1) where this process
// is the real root; inside a user namespace (the rootless tests), where no other uid is
// mapped, the runner is told to take its rootless path instead (TCPFAULT_PRIVILEGE).
std::vector<std::string> unprivileged(std::vector<std::string> argv);

// The scenarios binary of this build, and a fresh temporary directory.
std::string scenariosBinary();

using tcpfault::testsupport::TempDir;     // tests/support/TempDir.h
using tcpfault::testsupport::awaitUntil;  // tests/support/AwaitUntil.h
void writeFile(const std::string& path, const std::string& text);
// Without privilege for network namespaces the runner tests skip.
using tcpfault::netns::canCreateNetns;  // netns/Privilege.h: the one probe

}  // namespace tcpfault::test
