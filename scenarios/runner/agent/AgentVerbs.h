// The agent's half of each agent verb: one call as the program under study would make
// it, its arguments read by name (AgentArgs), its result in the reply. The grammar row of
// each verb is in runner/lang/Grammar.cc; a test holds the two tables together.
#pragma once

#include <memory>
#include <string_view>

#include "scenarios/runner/agent/AgentProtocol.h"
#include "scenarios/runner/agent/AgentState.h"

namespace tcpfault::scenario {

// One request being served.
struct Call {
  const AgentRequest& req;
  AgentState& st;
  AgentReply& out;

  const AgentArgs& args() const { return req.args; }
  void result(long long ret) {
    out.ret = ret;
    out.err = ret < 0 ? errno : 0;
  }
  void fail(int err) {
    out.ret = -1;
    out.err = err;
  }
  // The socket named by the VAR slot; EBADF when there is none. Held for the call: a
  // close meanwhile cannot free it.
  Sock* sock() {
    if (!held) held = st.find(args().text("var"));
    if (!held) fail(EBADF);
    return held.get();
  }
  // A background call's socket, pinned by the main loop before the call's thread starts
  // (so that a close sent right after it already sees it busy).
  std::shared_ptr<Sock> held{};
};

using AgentHandler = void (*)(Call&);

// nullptr when the agent has no handler for the verb.
AgentHandler findAgentHandler(std::string_view verb);

// How many times the agent has caught sig (signal VERB catch) since it started.
unsigned caughtCount(int sig);

}  // namespace tcpfault::scenario
