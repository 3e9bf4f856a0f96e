// The runner's handle on one agent process inside a host: sends requests, awaits replies
// with a deadline, and notices when the agent dies (and of which signal).
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "netns/Child.h"
#include "netns/Host.h"
#include "netns/UniqueFd.h"
#include "scenarios/runner/agent/AgentProtocol.h"
#include "scenarios/runner/agent/LineBuffer.h"

namespace tcpfault::scenario {

using Clock = std::chrono::steady_clock;

struct AgentResult {
  enum class Outcome { Reply, Timeout, Died, Cancelled };
  Outcome outcome = Outcome::Timeout;
  AgentReply reply;
  netns::ExitStatus status;  // when Died
};

class AgentClient {
 public:
  // Starts agentExe (build/tcpfault-agent) inside host; cancelFd (eventfd) aborts any
  // wait when readable.
  AgentClient(netns::Host& host, const std::string& agentExe, int cancelFd);

  // Assigns and returns the id. Throws std::runtime_error (a harness error) when the
  // request line would be longer than kMaxLineBytes.
  uint64_t send(AgentRequest req);
  // Throws std::runtime_error (a harness error) on a reply line that does not decode or
  // is longer than kMaxLineBytes: the agent is broken, and the step would only time out.
  AgentResult await(uint64_t id, Clock::time_point deadline);
  bool dead() const { return died_.has_value(); }
  std::string output() { return child_.output(); }

 private:
  bool readReplies();  // false on EOF
  std::string hostName_;
  netns::Child child_;
  UniqueFd ctl_;
  int cancelFd_;
  uint64_t nextId_ = 1;
  LineBuffer inbuf_{kMaxLineBytes};
  std::map<uint64_t, AgentReply> ready_;
  std::optional<netns::ExitStatus> died_;
};

}  // namespace tcpfault::scenario
