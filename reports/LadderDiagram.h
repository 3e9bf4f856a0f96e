// The ladder diagram of a run as inline SVG: one column per host (client(s) left, server
// right; a router is transparent and appears only for what it sends itself, such as ICMP
// errors), one downward-sloping arrow per segment from sender to receiver, labelled like
// "SYN", "PA 1:4(3)", "RST" with its time; ICMP dashed; fault steps as bands; the failing
// step as a red line. Each arrow is <g class="seg" data-flags="SA" data-src=.. data-dst=..>.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "reports/record/RunRecord.h"

namespace tcpfault::report {

struct LadderOptions {
  size_t maxSegments = 200;  // the rest is summarised as "… N more segments"
};

// Host columns, left to right.
std::vector<std::string> ladderColumns(const std::vector<Segment>& segments);

// An <svg> element (no XML declaration, no external references); empty when the run has
// neither segments nor fault or failed steps.
std::string ladderSvg(const RunRecord& run, const LadderOptions& options = {});

}  // namespace tcpfault::report
