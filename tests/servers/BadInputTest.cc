// Bad input for every server: one clear line on stderr and a non-zero exit.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <algorithm>
#include <tuple>

#include "ServerTest.h"

namespace tcpfault::servertest {
namespace {

class BadInput : public ServerTest, public testing::WithParamInterface<const char*> {
 protected:
  // Runs the server to its exit; returns the status text and its stderr.
  std::pair<std::string, std::string> runToExit(const std::vector<std::string>& args,
                                                const ServerOptions& opts = {}) {
    ServerProcess s(buildPath(GetParam()), args, opts);
    auto status = s.awaitExit(10s);
    return {describeStatus(status), s.stderrText()};
  }
};

size_t lines(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST_P(BadInput, UnknownOptionIsUsageErrorTwo) {
  auto [status, err] = runToExit({"--no-such-option"});
  EXPECT_EQ(status, "exit 2");
  EXPECT_EQ(lines(err), 1u) << err;
  EXPECT_NE(err.find("--no-such-option"), std::string::npos) << err;
}

TEST_P(BadInput, PortInUseSaysEaddrinuse) {
  UniqueFd taken(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_ANY);
  ASSERT_EQ(::bind(taken.get(), reinterpret_cast<sockaddr*>(&a), sizeof(a)), 0);
  ASSERT_EQ(::listen(taken.get(), 1), 0);
  socklen_t len = sizeof(a);
  ::getsockname(taken.get(), reinterpret_cast<sockaddr*>(&a), &len);
  auto [status, err] = runToExit({"--port", std::to_string(ntohs(a.sin_port))});
  EXPECT_EQ(status, "exit 1");
  EXPECT_EQ(lines(err), 1u) << err;
  EXPECT_NE(err.find("EADDRINUSE"), std::string::npos) << err;
}

// Ports below 1024 need CAP_NET_BIND_SERVICE: as nobody, bind gives EACCES. In a user
// namespace that maps only our own uid (the rootless test path) there is no nobody to
// become; there the server runs as root without the capability instead -- dropped from
// this test process's bounding set, so the exec'd server cannot gain it. ctest runs
// every test case in a process of its own.
TEST_P(BadInput, NoPermissionToBindSaysEacces) {
  ServerOptions nobody;
  nobody.uid = 65534;
  auto [status, err] = runToExit({"--port", "80"}, nobody);
  if (status == "exit 126") {  // setuid(65534) refused: unmapped here
    ASSERT_EQ(::prctl(PR_CAPBSET_DROP, CAP_NET_BIND_SERVICE, 0, 0, 0), 0) << errno;
    std::tie(status, err) = runToExit({"--port", "80"});
  }
  EXPECT_EQ(status, "exit 1");
  EXPECT_EQ(lines(err), 1u) << err;
  EXPECT_NE(err.find("EACCES"), std::string::npos) << err;
}

TEST_P(BadInput, BadBindAddressIsOneLine) {
  auto [status, err] = runToExit({"--bind", "not-an-address"});
  EXPECT_NE(status, "exit 0");
  EXPECT_EQ(lines(err), 1u) << err;
}

TEST_P(BadInput, HelpExitsZeroAndNamesThePort) {
  ServerProcess s(buildPath(GetParam()), {"--help"});
  EXPECT_TRUE(!s.awaitListening(10s));  // help text, not a readiness line
  EXPECT_EQ(describeStatus(s.awaitExit(10s)), "exit 0");
}

// "--bind ::" is dual-stack: an IPv4 client is served too.
TEST_P(BadInput, BindAnyIpv6AcceptsIpv4Clients) {
  auto server = start(GetParam(), {"--bind", "::"});
  ASSERT_TRUE(server);
  EXPECT_EQ(server->readyLine().rfind("listening on [::]:", 0), 0u) << server->readyLine();
  UniqueFd fd = connectTo(server->port());
  ASSERT_TRUE(writeAll(fd.get(), "v4\n", after(10s)));
  if (servers::findServer(GetParam())->has("echo")) {
    EXPECT_EQ(readExactly(fd.get(), 3, after(10s)).value_or("?"), "v4\n");
  }
  fd.reset();
  expectCleanExit(*server);
}

INSTANTIATE_TEST_SUITE_P(AllServers, BadInput,
                         testing::ValuesIn(registeredServers()),
                         serverParamName);

}  // namespace
}  // namespace tcpfault::servertest
