// The expectation after "=>": NUMBER | -1 ENAME | ENAME | "DATA" | ok | signal SIGNAME,
// optionally followed by "caught SIGNAME".
#pragma once

#include "scenarios/runner/lang/Parser.h"

namespace tcpfault::scenario {

inline constexpr std::string_view kExpectationUsage =
    "=> NUMBER | -1 ENAME | ENAME | \"DATA\" | ok | signal SIGNAME, then [caught SIGNAME]";

// tokens[arrow] is the "=>"; the expectation is tokens (arrow, end).
Expectation parseExpectation(const LineTokens& line, size_t arrow, size_t end);

}  // namespace tcpfault::scenario
