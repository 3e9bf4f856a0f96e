// The sysctl policy asks the kernel which keys are per network namespace.
#include <gtest/gtest.h>

#include "NetnsTestSupport.h"
#include "netns/SysctlPolicy.h"

namespace tcpfault::netns::test {
namespace {

TEST(netns_SysctlPolicy, AcceptsPerNamespaceTcpKeys) {
  TCPFAULT_REQUIRE_NETNS();
  for (const char* key : {"net.ipv4.tcp_retries2", "net.ipv4.tcp_syn_retries",
                          "net.ipv4.conf.all.rp_filter", "net.ipv4.conf.tf-eth0.rp_filter"}) {
    auto v = checkSysctlKey(key);
    EXPECT_TRUE(v.allowed) << key << ": " << v.reason;
  }
  EXPECT_EQ(sysctlScope("net.ipv4.tcp_retries2"), SysctlScope::PerNetns);
}

TEST(netns_SysctlPolicy, RejectsWhatWouldChangeTheMachine) {
  TCPFAULT_REQUIRE_NETNS();
  for (const char* key : {"kernel.pid_max", "vm.swappiness", "fs.file-max",
                          "kernel.hostname"}) {
    auto v = checkSysctlKey(key);
    EXPECT_FALSE(v.allowed) << key;
    EXPECT_NE(v.reason.find(key), std::string::npos) << v.reason;
  }
  // Global net.* keys: the kernel's own verdict, not the prefix. As root the key is the
  // same file in every namespace it appears in; rootless, home is a namespace of our own
  // and a global-only key is absent from it.
  EXPECT_EQ(sysctlScope("kernel.pid_max"), SysctlScope::Global);
  auto scope = sysctlScope("net.core.netdev_max_backlog");
  EXPECT_TRUE(scope == SysctlScope::Global || scope == SysctlScope::Absent);
  auto v = checkSysctlKey("net.core.netdev_max_backlog");
  EXPECT_FALSE(v.allowed);
  EXPECT_NE(v.reason.find("net.core.netdev_max_backlog"), std::string::npos) << v.reason;
}

TEST(netns_SysctlPolicy, RejectsKeysThatCannotBeWrittenInAHostOrDoNotExist) {
  TCPFAULT_REQUIRE_NETNS();
  // Global on older kernels; per namespace since 6.x but read-only outside init_net.
  // Either way a host cannot set it.
  auto ro = checkSysctlKey("net.core.rmem_max");
  EXPECT_FALSE(ro.allowed);
  EXPECT_NE(ro.reason.find("net.core.rmem_max"), std::string::npos) << ro.reason;
  for (const char* key : {"net.ipv4.no_such_key", "net.ipv4/../../kernel.pid_max", "..x"}) {
    auto v = checkSysctlKey(key);
    EXPECT_FALSE(v.allowed) << key;
    EXPECT_FALSE(v.reason.empty()) << key;
  }
}

}  // namespace
}  // namespace tcpfault::netns::test
