// The wire's vocabulary: directions, packet matches and impairments. Plain data; Wire
// decides which become kernel rules and which go to the verdict engine.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace tcpfault::netns {
class Topology;
}

namespace tcpfault::netns::wire {

using Clock = std::chrono::steady_clock;
using Duration = std::chrono::nanoseconds;

// A direction through the router, as its interfaces: packets in on inIf, out on outIf
// (router-side veth names, "tf-client" > "tf-server"). An executor maps host names with
// Direction::between(topology, "client", "server").
struct Direction {
  std::string inIf;
  std::string outIf;
  static Direction between(const Topology& t, const std::string& src, const std::string& dst);
  Direction reversed() const { return {outIf, inIf}; }
  std::string label() const { return inIf + ">" + outIf; }
};

// TCP flag bits as on the wire; parseFlags("SA") == kSyn | kAck. Letters: F S R P A U E C.
enum TcpFlag : uint8_t {
  kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10, kUrg = 0x20, kEce = 0x40,
  kCwr = 0x80
};
uint8_t parseFlags(std::string_view letters);  // throws std::invalid_argument naming the letter
// "1mbit", "512kbit", "10gbit", "800bit", "2mbps" (bytes, as tc) -> bits per second;
// throws std::invalid_argument with the accepted units.
uint64_t parseRate(std::string_view text);

// Which packets of a direction: every unset field matches anything.
struct Match {
  uint8_t protocol = 0;     // IPPROTO_TCP, IPPROTO_UDP, ...; 0 = any
  uint8_t flagsMask = 0;    // TCP: (flags & flagsMask) == flagsValue
  uint8_t flagsValue = 0;
  std::optional<uint16_t> srcPort, dstPort;
  std::optional<uint32_t> minPayload, maxPayload;  // transport payload bytes

  static Match any() { return {}; }
  static Match tcp();
  static Match data();                        // TCP segments carrying payload
  static Match flags(std::string_view set);   // TCP with these flags set ("S", "F", "R")
  static Match onlyFlags(std::string_view f); // TCP with exactly these flags ("SA")
  bool payloadBound() const { return minPayload || maxPayload; }
};

// Which matching packets an impairment applies to: starting at the nth match (1-based),
// `count` of them (nullopt = all from there on). Counts make it exact and deterministic.
struct Selector {
  Direction dir;
  Match match;
  std::optional<uint64_t> count;
  uint64_t nth = 1;
  Selector(Direction d, Match m = {}, std::optional<uint64_t> n = {}, uint64_t k = 1)
      : dir(std::move(d)), match(m), count(n), nth(k) {}
  bool everyPacket() const { return !count && nth <= 1; }
};

// Constructors rather than bare aggregates: a partial brace list stays warning-free
// (-Wmissing-field-initializers) and the defaults sit beside the meaning.
struct Drop {
  Selector sel;
};
struct Loss {  // kernel numgen; the engine when seeded (repeatable) or payload-bound
  Direction dir;
  Match match;
  double percent = 0;
  std::optional<uint64_t> seed;
  Loss(Direction d, Match m, double p, std::optional<uint64_t> s = {})
      : dir(std::move(d)), match(m), percent(p), seed(s) {}
};
struct Delay {  // delay + uniform jitter in [-jitter, +jitter] (may reorder, as netem)
  Selector sel;
  Duration delay{};
  Duration jitter{};
  uint64_t seed = 1;
  Delay(Selector s, Duration d, Duration j = {}, uint64_t sd = 1)
      : sel(std::move(s)), delay(d), jitter(j), seed(sd) {}
};
// Holds a matching packet until the next matching one has passed (a swap), or maxHold.
// count = number of swaps.
struct Reorder {
  Selector sel;
  Duration maxHold = std::chrono::milliseconds(200);
};
struct Duplicate {  // kernel dup when every packet, one copy; else the engine (raw copy)
  Selector sel;
  unsigned copies = 1;
};
// Flips `bytes` payload bytes; the TCP/UDP checksum is left wrong (the receiver drops the
// segment and counts TcpInCsumErrors) unless fixChecksum (the application gets bad data).
struct Corrupt {
  Selector sel;
  unsigned bytes = 1;
  bool fixChecksum = false;
  uint64_t seed = 1;
  Corrupt(Selector s, unsigned b = 1, bool fix = false, uint64_t sd = 1)
      : sel(std::move(s)), bytes(b), fixChecksum(fix), seed(sd) {}
};
// Pass-through: queues the direction to the engine without changing anything (sequence
// tracking for inject; the benchmark's queue cost).
struct Track {
  Direction dir;
  Match match = Match::tcp();
};
// tbf on the router's egress interface of dir (dir.outIf).
struct Rate {
  Direction dir;
  uint64_t bitsPerSecond = 0;
  uint32_t burstBytes = 0;  // 0: max(rate/250, 128 KiB)
};
// MTU of a router interface; blackHole drops the ICMP "fragmentation needed" / ICMPv6
// "packet too big" the router would send, so path MTU discovery never learns it.
struct Mtu {
  std::string routerIf;
  unsigned mtu = 1500;
  bool blackHole = false;
};

// What an impairment did. Kernel rules fill matched (and dropped) from nft counters.
struct Stats {
  uint64_t matched = 0, dropped = 0, delayed = 0, duplicated = 0, corrupted = 0,
           reordered = 0, passed = 0;
};

}  // namespace tcpfault::netns::wire
