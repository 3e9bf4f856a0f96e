// Nft: the router's nftables state for the wire, applied inside the router's namespace.
// Text rules go through libnftables (readable, and the nft syntax is the documentation);
// the queue rule is built with libnftnl (QueueRule): nft's own `queue` where the kernel
// has it, else the xtables NFQUEUE target through nft_compat, which nft's grammar cannot
// express.
//
// Everything lives in tables named tcpfault_wire of the router's namespace -- inet for
// matching, dropping and queueing; ip and ip6 for dup, which nft refuses in inet tables
// ("unsupported family") -- and dies with the namespace. Threads: not thread-safe; Wire serialises calls.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "netns/wire/QueueRule.h"

namespace tcpfault::netns::wire {

struct RuleCounter {
  uint64_t packets = 0;
  uint64_t bytes = 0;
};

class Nft {
 public:
  // create=false: a probe that only looks (and whose destructor deletes nothing).
  explicit Nft(int routerNetnsFd, bool create = true);
  ~Nft();  // deletes the table if it created it (best effort)
  Nft(const Nft&) = delete;
  Nft& operator=(const Nft&) = delete;

  static constexpr const char* kTable = "tcpfault_wire";
  static constexpr uint16_t kQueueNum = 7;

  // Runs nft commands (text); throws std::runtime_error with nft's message.
  void run(const std::string& cmds);
  // Runs a command and returns nft's output.
  std::string query(const std::string& cmd);
  // Adds `body` to chain with "comment tf-<tag>"; the rule's handle is kept for remove.
  // front: insert at the head (stateless rules run before any jump to the queue, whose
  // accept verdict ends the chain).
  // chain is "wire_fwd"/"wire_out" (inet) or "ip wire_dup"/"ip6 wire_dup".
  void addRule(const std::string& chain, const std::string& body, const std::string& tag,
               bool front = false);
  void removeRules(const std::string& tag);  // every rule carrying this tag
  // Counters of every tagged rule with a counter, keyed by tag (summed over rules).
  std::map<std::string, RuleCounter> counters();
  // The NFQUEUE rule in chain "wire_q" (installed once, on demand); which kind this
  // kernel took (nft queue or xt NFQUEUE) is queueKind() after it.
  void ensureQueueRule();
  std::optional<QueueKind> queueKind() const { return queueKind_; }
  void removeQueueRule();  // flushes chain wire_q
  bool tableExists();
  void deleteTable();

 private:
  void createTable();
  int netnsFd_;
  bool owner_;
  bool queueRule_ = false;
  std::optional<QueueKind> queueKind_;
};

}  // namespace tcpfault::netns::wire
