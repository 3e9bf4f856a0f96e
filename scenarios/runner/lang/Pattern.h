// Matches the arguments of a step against its verb's pattern from the verb table.
#pragma once

#include "scenarios/runner/lang/Grammar.h"
#include "scenarios/runner/lang/Parser.h"

namespace tcpfault::scenario {

// Matches tokens [begin, end) against spec.pattern and appends them to step.args
// (SUBJECT goes to step.host; a literal '>' is checked and dropped).
void matchPattern(const VerbSpec& spec, const LineTokens& line, size_t begin, size_t end,
                  Step& step, const ParseState& state);

}  // namespace tcpfault::scenario
