// `start HOST PROGRAM ARGS...` runs PROGRAM with the runner's privilege (root, as a rule)
// in a host that shares the machine's file system: a scenario file that could name any
// program would be a root shell for whoever wrote it. A scenario file may start `$server`
// (what the user chose on the command line) and the reference servers (built here); any
// other program only with --allow-exec, the user's word that the file is trusted.
#pragma once

#include <string>
#include <vector>

#include "scenarios/runner/lang/Scenario.h"

namespace tcpfault::scenario {

// True for what a scenario file may always start: `$server` or a reference server's name.
bool startableWithoutAllowExec(const std::string& program);

// One "file:line:col: error: ..." (as ParseError formats it) per `start` of another
// program; none when allowExec.
std::vector<std::string> checkStartPrograms(const std::vector<Scenario>& scenarios, bool allowExec);

}  // namespace tcpfault::scenario
