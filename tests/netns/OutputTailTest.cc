// A child's output drained as it comes (Child::drainContinuously, OutputTail): a child that
// prints more than a pipe holds finishes, and what is kept is bounded, newest last.
#include <gtest/gtest.h>

#include <string>

#include "netns/SpawnChild.h"

namespace tcpfault::netns {
namespace {

using namespace std::chrono_literals;

Child shell(const std::string& script) {
  return spawnChild(SpawnOptions::command({"/bin/sh", "-c", script}), "test");
}

// Was: nobody read the pipe mid-run, and the child blocked in write() at 64 KiB.
TEST(netns_OutputTail, AChildPrintingMoreThanAPipeHoldsIsNeverBlocked) {
  Child c = shell("head -c 1000000 /dev/zero | tr '\\0' x; echo; echo done");
  c.drainContinuously(4096);
  auto st = c.waitFor(10s);
  ASSERT_TRUE(st) << "still blocked writing its output";
  std::string out = c.output();
  EXPECT_TRUE(out.starts_with("[")) << out.substr(0, 40);
  EXPECT_NE(out.find(" bytes of output dropped]\n"), std::string::npos);
  EXPECT_TRUE(out.ends_with("xxx\ndone\n"));
  EXPECT_LE(out.size(), 2 * 4096 + 64);
}

TEST(netns_OutputTail, WaitForOutputSeesWhatComesLaterAndEndsAtEof) {
  Child later = shell("sleep 0.3; echo ready; sleep 60");
  later.drainContinuously(1 << 20);
  EXPECT_TRUE(later.waitForOutput("ready", 10s));
  Child closed = shell("exec 1>&- 2>&-; sleep 60");
  closed.drainContinuously(1 << 20);
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_FALSE(closed.waitForOutput("ready", 30s));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 20s) << "waited for the timeout, not the pipe's end";
  Child done = shell("echo one; echo two");
  done.drainContinuously(1 << 20);
  EXPECT_TRUE(done.waitForOutput("two", 10s));
  done.waitFor(10s);
  EXPECT_EQ(done.output(), "one\ntwo\n");
}

}  // namespace
}  // namespace tcpfault::netns
