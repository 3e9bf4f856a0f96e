// ServerTest: the fixture of every server test -- a private network namespace per test
// process (skipped without CAP_NET_ADMIN), a raised fd limit, and servers started from
// build/ that must come up ("listening on") and, at the end, exit 0 on SIGTERM.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "Client.h"
#include "servers/ServerRegistry.h"
#include "servers/core/FdLimit.h"
#include "servers/harness/PrivateNetns.h"
#include "servers/harness/ServerProcess.h"

namespace tcpfault::servertest {

using namespace tcpfault::harness;

inline std::string buildPath(const std::string& name) {
  return std::string(TCPFAULT_BUILD_DIR) + "/" + name;
}

class ServerTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string why = enterPrivateNetns();
    if (!why.empty()) GTEST_SKIP() << "needs CAP_NET_ADMIN (run as root): " << why;
    servers::raiseFdLimit(8192);
  }

  // Starts a server on a free port and waits for its readiness line.
  std::unique_ptr<ServerProcess> start(const std::string& name,
                                       std::vector<std::string> args = {}) {
    args.insert(args.begin(), {"--port", "0"});
    auto s = std::make_unique<ServerProcess>(buildPath(name), args);
    bool up = s->awaitListening();
    EXPECT_TRUE(up) << name << " did not print \"listening on\"; stderr:\n" << s->stderrText();
    return up ? std::move(s) : nullptr;
  }

  // SIGTERM must close the listener, finish and exit 0.
  static void expectCleanExit(ServerProcess& s) {
    auto status = s.terminate();
    EXPECT_EQ(describeStatus(status), "exit 0") << "stderr:\n" << s.stderrText();
  }
};

// The servers of the registry (servers/Registry.cmake) in its order; with a trait, only
// those that have it. Their names are literals, so data() ends in a NUL.
inline std::vector<const char*> registeredServers(std::string_view trait = {}) {
  std::vector<const char*> out;
  for (const auto& s : servers::kServerRegistry)
    if (trait.empty() || s.has(trait)) out.push_back(s.name.data());
  return out;
}

// Test names from server names: "epoll-et-echo" -> "epolletecho".
inline std::string serverParamName(const testing::TestParamInfo<const char*>& param) {
  std::string name = param.param;
  std::erase(name, '-');
  return name;
}

}  // namespace tcpfault::servertest
