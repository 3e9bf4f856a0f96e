// Short labels for segments, as a ladder diagram or a failure report shows them:
// "SYN", "SYN-ACK", "ACK 1", "PA 1:4(3)", "FIN 4", "RST", "ICMP host unreachable".
// Sequence and ack numbers are relative to each direction's first sequence number (the ISN
// when the SYN was seen), as tcpdump prints them.
#pragma once

#include <string>
#include <vector>

#include "reports/record/RunRecord.h"

namespace tcpfault::report {

// One label per segment, in the same order.
std::vector<std::string> segmentLabels(const std::vector<Segment>& segments);

}  // namespace tcpfault::report
