// tests/kernel-scenarios: stories whose truth differs between kernels (with `when kernel`
// guards). Each passes on this kernel, and each has a variant -- one mutated step -- that
// makes it fail on a kernel that has the feature the story is about, naming the step.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/utsname.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "RunProgram.h"

namespace tcpfault::test {
namespace kernel_scenarios {  // named: the unity build joins this file with CatalogueTest.cc
namespace {

namespace fs = std::filesystem;

std::string kernelScenarioDir() { return std::string(TCPFAULT_SOURCE_DIR) + "/tests/kernel-scenarios"; }

std::string readText(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// MAJOR.MINOR of the running kernel, e.g. {6, 18}.
std::pair<int, int> runningKernel() {
  utsname u{};
  ::uname(&u);
  int major = 0, minor = 0;
  std::sscanf(u.release, "%d.%d", &major, &minor);
  return {major, minor};
}

struct KernelVariant {
  const char* scenario;
  int major, minor;     // the variant breaks the story only from this kernel on
  const char* from;     // this text of the file ...
  const char* to;       // ... becomes this
  const char* failing;  // text of the step the failure must name
};

void PrintTo(const KernelVariant& v, std::ostream* os) { *os << v.scenario; }

const KernelVariant kKernelVariants[] = {
    // linear SYN timeouts turned off: 2 SYNs by 2.5 s where the story expects 3
    {"syn-linear-timeouts", 6, 5, "crash    server\n",
     "when kernel >= 6.5  sysctl client net.ipv4.tcp_syn_linear_timeouts=0\ncrash    server\n",
     "S count 3 since syn within 400ms"},
    // left at the default (4): the third SYN comes at 2 s, not 3 s
    {"syn-linear-timeouts-off", 6, 5, "client net.ipv4.tcp_syn_linear_timeouts=0", "client net.ipv4.tcp_syn_linear_timeouts=4",
     "S count 2 since syn within 400ms"},
    // the default ceiling (120 s): 6 segments by 5.3 s, not 8
    {"rto-max-cap", 6, 15, "tcp_rto_max_ms=1000", "tcp_rto_max_ms=120000", "PA count 8 since crash"},
};

class KernelScenarioVariant : public ::testing::TestWithParam<KernelVariant> {
 protected:
  void SetUp() override {
    if (!canCreateNetns()) GTEST_SKIP() << "needs CAP_NET_ADMIN (run as root) for network namespaces";
  }
  TempDir dir_;
};

TEST_P(KernelScenarioVariant, FailsNamingTheExpectation) {
  const KernelVariant& v = GetParam();
  auto [major, minor] = runningKernel();
  if (std::pair{major, minor} < std::pair{v.major, v.minor})
    GTEST_SKIP() << fmt::format("the variant breaks the story on {}.{}+ only", v.major, v.minor);
  fs::path file = fs::path(kernelScenarioDir()) / (std::string(v.scenario) + ".scn");
  std::string text = readText(file);
  size_t at = text.find(v.from);
  ASSERT_NE(at, std::string::npos) << "the step to mutate is gone: " << v.from;
  text.replace(at, std::string(v.from).size(), v.to);
  writeFile(dir_.path().string() + "/" + v.scenario + ".scn", text);
  ProgramResult r = runProgram({scenariosBinary(), "--dir", dir_.path().string(), "--report-dir",
                                dir_.path().string() + "/report", v.scenario},
                               std::chrono::seconds(60));
  EXPECT_EQ(r.exitCode, 1) << "1 is a failed expectation (4 a harness error):\n" << r.output;
  EXPECT_NE(r.output.find("expected"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(v.failing), std::string::npos)
      << "the failure should name `" << v.failing << "`:\n" << r.output;
}

INSTANTIATE_TEST_SUITE_P(KernelScenarios, KernelScenarioVariant, ::testing::ValuesIn(kKernelVariants),
                         [](const auto& p) {
                           std::string n = p.param.scenario;
                           for (char& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

TEST(KernelScenariosTest, EveryScenarioHasAFailingVariant) {
  std::set<std::string> covered;
  for (const auto& v : kKernelVariants) covered.insert(v.scenario);
  for (const auto& e : fs::directory_iterator(kernelScenarioDir())) {
    if (e.path().extension() == ".scn") {
      EXPECT_TRUE(covered.count(e.path().stem())) << e.path() << " has no failing variant";
    }
  }
}

TEST(KernelScenariosTest, EveryScenarioPassesOnThisKernel) {
  if (!canCreateNetns()) GTEST_SKIP() << "needs CAP_NET_ADMIN (run as root) for network namespaces";
  TempDir dir;
  ProgramResult r = runProgram({scenariosBinary(), "--dir", kernelScenarioDir(), "--all", "--report-dir",
                                dir.path().string()},
                               std::chrono::seconds(120));
  EXPECT_EQ(r.exitCode, 0) << r.output;
  EXPECT_NE(r.output.find(" 0 failed"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace kernel_scenarios
}  // namespace tcpfault::test
