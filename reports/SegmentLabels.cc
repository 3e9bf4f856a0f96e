#include "reports/SegmentLabels.h"

#include <fmt/format.h>

#include <map>
#include <tuple>

namespace tcpfault::report {
namespace {

using Flow = std::tuple<std::string, uint16_t, std::string, uint16_t>;

Flow flowOf(const Segment& s) { return {s.src, s.sport, s.dst, s.dport}; }
Flow reverseOf(const Segment& s) { return {s.dst, s.dport, s.src, s.sport}; }

bool has(const Segment& s, char flag) { return s.flags.find(flag) != std::string::npos; }

std::string tcpLabel(const Segment& s, uint32_t seq, std::string ack) {
  if (s.flags == "S") return "SYN";
  if (s.flags == "SA") return "SYN-ACK";
  if (has(s, 'R')) return "RST";
  if (s.len > 0) return fmt::format("{} {}:{}({})", s.flags, seq, seq + s.len, s.len);
  if (s.flags == "A") return "ACK " + ack;
  if (s.flags == "FA" || s.flags == "F") return fmt::format("FIN {}", seq);
  return fmt::format("{} {}", s.flags.empty() ? "none" : s.flags, seq);
}

}  // namespace

std::vector<std::string> segmentLabels(const std::vector<Segment>& segments) {
  std::map<Flow, uint32_t> base;  // per direction: the number shown as 0
  std::vector<std::string> labels;
  for (const Segment& s : segments) {
    if (s.icmp) {
      labels.push_back("ICMP " + s.icmpText);
      continue;
    }
    if (has(s, 'S')) base[flowOf(s)] = s.seq;  // a new connection on this 4-tuple
    uint32_t b = base.try_emplace(flowOf(s), s.seq).first->second;
    auto back = base.find(reverseOf(s));
    std::string ack =
        back == base.end() ? fmt::format("{}", s.ack) : fmt::format("{}", s.ack - back->second);
    labels.push_back(tcpLabel(s, s.seq - b, ack));
  }
  return labels;
}

}  // namespace tcpfault::report
