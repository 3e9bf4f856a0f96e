// The runner <-> agent wire format: one request line, one reply line, over a socketpair.
// Tokens are separated by single spaces and percent-encoded (space, '%', control and
// non-ASCII bytes as %XX), so data of any bytes crosses intact.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/runner/agent/AgentArgs.h"

namespace tcpfault::scenario {

struct AgentRequest {
  uint64_t id = 0;
  bool background = false;
  std::string verb;               // "connect", "write", "state", ...
  std::string var;                // variable the result is assigned to, or empty
  AgentArgs args;                 // already resolved by the runner (addresses, numbers)
};

struct AgentReply {
  uint64_t id = 0;
  long long ret = 0;
  int err = 0;                    // errno when ret == -1
  std::string data;               // bytes read, or a state name
  std::vector<int> caught;        // signals caught while the call ran
  uint64_t elapsedNs = 0;
  // The call's own bound (timeout DUR) ran out while the kernel had not answered: no
  // result at all, which is not an errno (ret -1, err 0).
  bool blocked = false;
};

// Not a verb: "has the background call VAR started?" The agent answers once the call's
// thread sleeps in its system call or has returned (bounded: kStartedBoundMs). The runner
// asks after starting each background call, so that its next step cannot overtake it.
inline constexpr std::string_view kStartedQuery = "started?";
inline constexpr int kStartedBoundMs = 1000;

// The longest line either side sends: a reply carries at most 1 MiB read (read/recv N is
// bounded at parse time), 3 MiB percent-encoded. A longer line is a broken peer.
inline constexpr size_t kMaxLineBytes = 4 << 20;

std::string percentEncode(std::string_view raw);
std::optional<std::string> percentDecode(std::string_view enc);

std::string encodeRequest(const AgentRequest& r);   // ends with '\n'
std::optional<AgentRequest> decodeRequest(std::string_view line);
std::string encodeReply(const AgentReply& r);       // ends with '\n'
std::optional<AgentReply> decodeReply(std::string_view line);

}  // namespace tcpfault::scenario
