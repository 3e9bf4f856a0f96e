// Inject: a TCP segment crafted for a live connection, placed in the sequence space the
// engine tracked. For a segment SRC > DST, `seq` bases refer to the SRC > DST stream and
// `ack` bases to the DST > SRC stream:
//   RcvNxt      the next sequence number the stream's receiver expects (highest seq+len
//               that passed; SYN and FIN count one)
//   SndUna      the highest ACK the receiver sent for that stream (the sender's snd_una)
//   OutOfWindow RcvNxt + 2^30: outside any window Linux will advertise
//   Raw         the absolute value in `raw`
// The segment leaves the router through a raw socket in its namespace, checksums right.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "netns/wire/Impairment.h"

namespace tcpfault::netns::wire {

enum class SeqBase { RcvNxt, SndUna, OutOfWindow, Raw };

struct SeqExpr {
  SeqBase base = SeqBase::RcvNxt;
  int64_t offset = 0;  // added to the base (mod 2^32): rcv_nxt+1000, snd_una-1
  uint32_t raw = 0;
};

struct Inject {
  Direction dir;              // SRC > DST as router interfaces
  uint8_t flags = kAck;       // parseFlags("R"), kSyn, kAck | kPsh ...
  SeqExpr seq{};              // default: exactly rcv_nxt
  SeqExpr ack{};              // default: rcv_nxt of the reverse stream; sent only with A
  std::string data;           // payload bytes
  std::optional<uint16_t> dstPort;  // pick the connection; default the most recent one
  std::optional<uint16_t> window;   // default: SRC's last advertised window
  Inject(Direction d, uint8_t f, SeqExpr s = {}, SeqExpr a = {}, std::string payload = {})
      : dir(std::move(d)), flags(f), seq(s), ack(a), data(std::move(payload)) {}
};

struct InjectResult {
  uint32_t seq = 0, ack = 0;
  std::string from, to;  // "198.18.1.2:40000"
};

}  // namespace tcpfault::netns::wire
