// The step log of a run as plain text, one step per line, for JUnit's <system-out> and the
// terminal: "  14  failed  0.512s..0.530s  client write c \"again\\n\"  expected: ... observed:
// ...".
#pragma once

#include <string>

#include "reports/record/RunRecord.h"

namespace tcpfault::report {

std::string stepLog(const RunRecord& run);

}  // namespace tcpfault::report
