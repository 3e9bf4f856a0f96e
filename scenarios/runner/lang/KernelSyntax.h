// "kernel OP VERSION" in a scenario: the metadata line and the `when` guard of a step
// (KernelVersion.h is what it means).
#pragma once

#include "scenarios/runner/lang/Parser.h"

namespace tcpfault::scenario {

// Reads "kernel OP VERSION" from line.tokens[at...]; errors point at the bad token.
// `end` is the index after VERSION.
KernelCondition parseKernelCondition(const LineTokens& line, size_t at, size_t& end);

// The metadata line "kernel OP VERSION": nothing may follow; lines add up (AND).
void parseKernelLine(const LineTokens& line, ParseState& state);

}  // namespace tcpfault::scenario
