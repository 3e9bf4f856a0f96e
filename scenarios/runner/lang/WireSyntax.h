// The words of the wire directives that the parser checks and the executor reads the same
// way: sequence expressions (rcv_nxt+1000), rates (1mbit), percentages (10%), segment
// matches (S, SA, data) and MIB counter names. No I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tcpfault::scenario {

// "rcv_nxt", "snd_una-1", "oow+5", or a raw sequence number "12345".
struct SeqWord {
  enum class Base { RcvNxt, SndUna, OutOfWindow, Raw };
  Base base = Base::RcvNxt;
  int64_t offset = 0;  // the +N / -N, or the raw number
};
std::optional<SeqWord> parseSeqWord(std::string_view text);

// "1mbit", "512kbit", "2mbps" (bytes, as tc), "1.5gbit" -> bits per second; 0 = not a rate.
uint64_t parseRateWord(std::string_view text);
inline constexpr std::string_view kRateUnits = "bit kbit mbit gbit bps kbps mbps gbps";

// "10%", "0.5%", "100" -> percent in [0, 100]; nullopt otherwise.
std::optional<double> parsePercentWord(std::string_view text);

// A segment match: "data" (carries payload) or TCP flag letters, each once, among
// S F R P A U E C ("S", "SA", "F").
bool isSegmentMatch(std::string_view text);

// A counter as nstat(8) names it: a section of /proc/net/{netstat,snmp} and a column,
// "TcpExtTCPChallengeACK", "TcpRetransSegs".
bool isMibCounterName(std::string_view text);

}  // namespace tcpfault::scenario
