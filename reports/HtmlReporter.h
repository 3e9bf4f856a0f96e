// One self-contained HTML file (DIR/report.html): inline CSS, no scripts, no external
// references. A summary table (status, run, time, ref, pcap link), then per run its step
// timeline (the failing step highlighted with expected vs observed), its ladder diagram
// (inline SVG) and its log. Failed runs are open, the others folded (<details>).
#pragma once

#include <string>

#include "reports/Reporter.h"

namespace tcpfault::report {

std::string htmlDocument(const std::vector<RunRecord>& runs, double wallSeconds);

}  // namespace tcpfault::report
