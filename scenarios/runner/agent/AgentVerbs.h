// The agent's half of each agent verb: one call as the program under study would make
// it, its arguments read by name (AgentArgs), its result in the reply. The grammar row of
// each verb is in runner/lang/Grammar.cc; a test holds the two tables together.
#pragma once

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
  // The socket named by the VAR slot; EBADF when there is none.
  Sock* sock() {
    Sock* s = st.find(args().text("var"));
    if (!s) fail(EBADF);
    return s;
  }
};

using AgentHandler = void (*)(Call&);

// nullptr when the agent has no handler for the verb.
AgentHandler findAgentHandler(std::string_view verb);

// How many times the agent has caught sig (signal VERB catch) since it started.
unsigned caughtCount(int sig);

}  // namespace tcpfault::scenario
