// The typed slots of verb patterns (VAR DEST N DATA DUR SIGNAME HOST ...): what each
// accepts, how it is described in messages, and the checks against the parse state.
#pragma once

#include "scenarios/runner/lang/Grammar.h"
#include "scenarios/runner/lang/Parser.h"

namespace tcpfault::scenario {

// "a duration like 15s or 200ms"
std::string describePlaceholder(std::string_view name);

// Checks tokens[i] against placeholder `name` and records it in step: an Arg, or for
// SUBJECT the step's host. Throws ParseError with a caret on the token otherwise.
void matchPlaceholder(std::string_view name, const VerbSpec& spec, const LineTokens& line,
                      size_t i, Step& step, const ParseState& state);

}  // namespace tcpfault::scenario
