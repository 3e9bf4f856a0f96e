// Errno and signal names in scenarios, checked against netns/ErrnoName with suggestions.
#pragma once

#include "scenarios/runner/lang/Parser.h"

namespace tcpfault::scenario {

// The errno/signal named by token i; a ParseError with a caret on it if unknown.
int errnoAt(const LineTokens& line, size_t i);
int signalAt(const LineTokens& line, size_t i);

}  // namespace tcpfault::scenario
