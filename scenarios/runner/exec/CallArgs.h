// How a parsed agent step's arguments travel to the agent: each is named by the pattern
// slot it filled and encoded by its kind, once, here; the agent reads them by name
// (runner/agent/AgentArgs.h). No verb is named: a new verb's arguments travel as they are.
#pragma once

#include <functional>
#include <string>

#include "scenarios/runner/agent/AgentArgs.h"
#include "scenarios/runner/lang/Scenario.h"

namespace tcpfault::scenario {

// "server:9877" -> "198.18.2.2:9877": the step's topology knows the address.
using DestResolver = std::function<std::string(const Arg& dest)>;

// DEST is resolved, SIGNAME becomes its number, a DATA byte count becomes "pattern",
// durations travel in milliseconds, keywords as flags.
AgentArgs encodeCallArgs(const Step& step, const DestResolver& resolveDest);

}  // namespace tcpfault::scenario
