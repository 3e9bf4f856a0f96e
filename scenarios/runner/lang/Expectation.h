// The expectation after "=>": NUMBER | -1 ENAME | ENAME | "DATA" | ok | signal SIGNAME |
// blocked [for DUR], optionally followed by "caught SIGNAME" or "nosignal".
#pragma once

#include "scenarios/runner/lang/Parser.h"

namespace tcpfault::scenario {

inline constexpr std::string_view kExpectationUsage =
    "=> NUMBER | -1 ENAME | ENAME | \"DATA\" | ok | signal SIGNAME | blocked [for DUR], then "
    "[caught SIGNAME | nosignal]";

// tokens[arrow] is the "=>"; the expectation is tokens (arrow, end).
Expectation parseExpectation(const LineTokens& line, size_t arrow, size_t end);

}  // namespace tcpfault::scenario
