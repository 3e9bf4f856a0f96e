// Reads a pcap file (any link type Capture writes: SLL2, SLL, Ethernet, raw IP) back into
// Segments, decoded by the same code as the live Capture.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "reports/record/RunRecord.h"

namespace tcpfault::report {

struct PcapReadOptions {
  std::map<std::string, std::string> addrToHost;  // "198.18.1.2" -> "client"
  // The run's start on the realtime clock (seconds since the epoch); default: the first packet.
  std::optional<double> epochT0;
};

// Each packet once: a router's capture on "any" holds forwarded packets twice (in and out),
// so an outgoing copy is dropped when its incoming twin is in the file within 100 ms.
// Throws std::runtime_error when the file cannot be read.
std::vector<Segment> readPcap(const std::string& path, const PcapReadOptions& options = {});

}  // namespace tcpfault::report
