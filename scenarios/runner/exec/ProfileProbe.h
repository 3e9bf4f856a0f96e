// Before any scenario runs against a started-by-command server: start it once, connect,
// write the profile's request and read its reply. A command that exits at once, never
// listens, listens elsewhere or answers garbage is told here, with its output's tail,
// instead of as a wall of failed scenarios.
#pragma once

#include <optional>
#include <string>

#include "scenarios/runner/exec/RunOptions.h"
#include "scenarios/runner/exec/ServerProfile.h"

namespace tcpfault::scenario {

// nullopt when the server answered; else what was seen, several lines.
std::optional<std::string> probeServer(const ServerProfile& p, const RunOptions& opts);

}  // namespace tcpfault::scenario
