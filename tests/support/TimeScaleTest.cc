// The helper that widens the tests' wall-clock upper bounds (tests/support/TimeScale.h).
#include "tests/support/TimeScale.h"

#include <gtest/gtest.h>
#include <stdlib.h>

namespace tcpfault::test {
namespace {

using namespace std::chrono_literals;

// Restores TCPFAULT_TIME_SCALE as the run had it.
class TimeScaleEnv : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* v = std::getenv("TCPFAULT_TIME_SCALE")) saved_ = v, had_ = true;
  }
  void TearDown() override {
    if (had_) ::setenv("TCPFAULT_TIME_SCALE", saved_.c_str(), 1);
    else ::unsetenv("TCPFAULT_TIME_SCALE");
  }
  std::string saved_;
  bool had_ = false;
};

TEST_F(TimeScaleEnv, WidensByTheVariable) {
  ::setenv("TCPFAULT_TIME_SCALE", "3", 1);
  EXPECT_EQ(scaled(50ms), 150ms);
  EXPECT_EQ(scaled(20s), 60s);
  ::setenv("TCPFAULT_TIME_SCALE", "1.5", 1);
  EXPECT_EQ(scaled(1s), 2s);  // rounded up in the bound's own unit
  EXPECT_EQ(scaled(1000ms), 1500ms);
}

TEST_F(TimeScaleEnv, UnsetOrOutOfTheRunnersRangeIsOne) {
  ::unsetenv("TCPFAULT_TIME_SCALE");
  EXPECT_EQ(scaled(50ms), 50ms);
  for (const char* bad : {"", "fast", "2x", "0", "1000"}) {
    ::setenv("TCPFAULT_TIME_SCALE", bad, 1);
    EXPECT_EQ(scaled(50ms), 50ms) << bad;
  }
}

}  // namespace
}  // namespace tcpfault::test
