// SvgPlot: time per round against connections, one line per server, one panel per
// message size -- the poll-vs-epoll picture of the Korean article, drawn from the rows.
#pragma once

#include <string>
#include <vector>

#include "servers/bench/Results.h"

namespace tcpfault::bench {

// Plots the rows with the largest round count of the run. Throws if it cannot write.
void writeSvg(const std::string& path, const std::vector<Row>& rows);

}  // namespace tcpfault::bench
