// The runner's end of the agent protocol against broken agents (shell scripts in a host):
// a reply that does not decode, or a line without end, is a harness error at once --
// it was dropped or buffered, and the step timed out.
#include "scenarios/runner/agent/AgentClient.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <stdexcept>
#include <string>

#include "tests/netns/NetnsTestSupport.h"
#include "tests/support/TempDir.h"

namespace tcpfault::scenario {
namespace {

using namespace std::chrono_literals;

class AgentClientTest : public ::testing::Test {
 protected:
  void SetUp() override { TCPFAULT_REQUIRE_NETNS(); }

  // An "agent" that answers each request line with `answer` (sh printf format).
  std::string brokenAgent(const std::string& answer) {
    std::string path = dir_.path() / "agent.sh";
    std::ofstream(path) << "#!/bin/sh\nwhile read -r line <&3; do printf '" << answer << "' >&3; done\n";
    ::chmod(path.c_str(), 0755);
    return path;
  }

  // What await() makes of the broken agent's answer to one request.
  std::string errorOfAwait(const std::string& agentExe) {
    netns::Host host("a");
    AgentClient agent(host, agentExe, -1);
    AgentRequest req;
    req.verb = "so_error";
    uint64_t id = agent.send(req);
    try {
      AgentResult r = agent.await(id, Clock::now() + 5s);
      return "no error: outcome " + std::to_string(static_cast<int>(r.outcome));
    } catch (const std::runtime_error& e) {
      return e.what();
    }
  }

  testsupport::TempDir dir_;
};

TEST_F(AgentClientTest, AMalformedReplyIsAHarnessError) {
  EXPECT_EQ(errorOfAwait(brokenAgent("1 0 0 - - 5\\n")), "agent of host a: malformed reply \"1%200%200%20-%20-%205\"");
}

TEST_F(AgentClientTest, AReplyLineWithoutEndIsAHarnessError) {
  std::string path = dir_.path() / "agent.sh";
  std::ofstream(path) << "#!/bin/sh\nread -r line <&3; head -c 5000000 /dev/zero | tr '\\0' x >&3; read -r line <&3\n";
  ::chmod(path.c_str(), 0755);
  EXPECT_EQ(errorOfAwait(path), "agent of host a: a reply line longer than 4194304 bytes");
}

}  // namespace
}  // namespace tcpfault::scenario
