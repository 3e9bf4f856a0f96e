// tcpfault-agent: the process a run starts in each host to make that host's socket calls
// (Agent.h). A program of its own, not a mode of build/scenarios: one starts per host,
// hundreds per suite, and it maps only what it uses.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "scenarios/runner/agent/Agent.h"

int main(int argc, char** argv) {
  long fd = -1;
  if (argc == 2) {
    char* end = nullptr;
    fd = std::strtol(argv[1], &end, 10);
    if (end == argv[1] || *end != '\0' || fd > 1 << 20) fd = -1;
  }
  if (fd < 0) {
    bool help = argc == 2 && std::strcmp(argv[1], "--help") == 0;
    std::fprintf(help ? stdout : stderr,
                 "usage: %s FD\n  Serves the runner's requests on the socket FD (the runner "
                 "passes fd 3) until it closes.\n  Started by build/scenarios inside a host; "
                 "not for direct use.\n",
                 argv[0]);
    return help ? 0 : 2;
  }
  return tcpfault::scenario::agentMain(static_cast<int>(fd));
}
