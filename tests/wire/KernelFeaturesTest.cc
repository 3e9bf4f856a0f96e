// The feature probe against the running kernel: what CI's kernel must offer, absences a
// test injects, and a probe that leaves the caller's namespace as it was.
#include <gtest/gtest.h>
#include <net/if.h>

#include <filesystem>
#include <stdexcept>

#include "netns/wire/KernelFeatures.h"

namespace tcpfault::netns::wire {
namespace {

TEST(KernelFeatures, ThisKernelOffersEveryFeatureTheSuiteNeeds) {
  KernelFeatures k = probeKernelFeatures();
  for (const auto& [f, why] : k.missing) ADD_FAILURE() << featureDescription(f) << ": " << why;
  EXPECT_TRUE(k.queueKind == "nft queue" || k.queueKind == "xt NFQUEUE") << k.queueKind;
}

TEST(KernelFeatures, AnInjectedAbsenceWinsAndIsNamed) {
  KernelFeatures k = probeKernelFeatures({"tbf", "queue"});
  EXPECT_FALSE(k.has(Feature::Tbf));
  EXPECT_FALSE(k.has(Feature::QueueRule));
  EXPECT_TRUE(k.has(Feature::Veth));
  EXPECT_EQ(k.missing.at(Feature::Tbf), "absent by TCPFAULT_ABSENT_FEATURES");
  EXPECT_EQ(k.queueKind, "");  // no queue rule: no kind to report
  EXPECT_THROW(probeKernelFeatures({"tbff"}), std::invalid_argument);
}

TEST(KernelFeatures, ProbeLeavesTheCallersNamespaceAsItWas) {
  auto before = std::filesystem::read_symlink("/proc/thread-self/ns/net");
  probeKernelFeatures();
  EXPECT_EQ(std::filesystem::read_symlink("/proc/thread-self/ns/net"), before);
  EXPECT_EQ(::if_nametoindex("tf-probe0"), 0u);  // its veth lived in its own namespace
}

TEST(KernelFeatures, NamesRoundTrip) {
  for (Feature f : allFeatures()) EXPECT_EQ(featureFromName(featureName(f)), f);
  EXPECT_FALSE(featureFromName("veth.ko"));
}

}  // namespace
}  // namespace tcpfault::netns::wire
