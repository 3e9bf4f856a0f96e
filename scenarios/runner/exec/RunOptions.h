// How runs are executed: where the programs are, how bounds scale, where reports go.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "reports/record/ReportDir.h"
#include "scenarios/runner/exec/RunSeconds.h"
#include "scenarios/runner/lang/KernelVersion.h"

namespace tcpfault::scenario {

struct RunOptions {
  std::string agentExe;                  // build/tcpfault-agent, started in each host
  std::string buildDir;                  // where the reference servers are
  double timeScale = 1.0;                // widens every `within` bound
  std::shared_ptr<const report::ReportDir> reportDir;  // opened once; pcaps go to pcap/ in it
  bool capture = true;
  bool epilogue = true;  // the checks after every $server story (Epilogue.h); not for probes
  int cancelFd = -1;                     // eventfd, readable once Ctrl-C was pressed
  RunSeconds lastSeconds;                // each run's length last time: the longest start first
  KernelVersion kernel = runningKernel();  // decides `when kernel ...` steps
};

// Default bounds, before --time-scale.
inline constexpr double kDefaultStepSeconds = 10;   // a blocking call without `within`
inline constexpr double kDefaultExpectSeconds = 3;  // an `expect` converging
inline constexpr double kServerReadySeconds = 5;

}  // namespace tcpfault::scenario
