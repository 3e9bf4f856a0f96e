// The agent protocol's line splitter: linear in its input however the reads cut it, and
// bounded in what it holds.
#include "scenarios/runner/agent/LineBuffer.h"

#include <gtest/gtest.h>

#include <string>

namespace tcpfault::scenario {
namespace {

TEST(LineBuffer, SplitsLinesAcrossReads) {
  LineBuffer b(100);
  b.append("12 0 0 - - 5 -\n13 ");
  EXPECT_EQ(b.next(), "12 0 0 - - 5 -");
  EXPECT_EQ(b.next(), std::nullopt);
  b.append("1 0 - - 7 -\n\n");
  EXPECT_EQ(b.next(), "13 1 0 - - 7 -");
  EXPECT_EQ(b.next(), "");
  EXPECT_EQ(b.next(), std::nullopt);
}

// A long reply arriving in small reads was searched from its start after every read:
// 1 MiB in 1 KiB reads looked at 512 MiB.
TEST(LineBuffer, ALongLineInSmallReadsIsScannedOnce) {
  constexpr size_t kLine = 1 << 20, kRead = 1024;
  LineBuffer b(2 * kLine);
  std::string piece(kRead, 'x');
  for (size_t sent = 0; sent < kLine; sent += kRead) {
    b.append(piece);
    EXPECT_EQ(b.next(), std::nullopt);
  }
  b.append("\n");
  EXPECT_EQ(b.next()->size(), kLine);
  EXPECT_LE(b.examined(), 2 * (kLine + 1));
}

TEST(LineBuffer, ALineLongerThanTheBoundOverflows) {
  LineBuffer b(8);
  b.append("12345678");
  EXPECT_EQ(b.next(), std::nullopt);
  EXPECT_FALSE(b.overflowed());
  b.append("9");
  EXPECT_EQ(b.next(), std::nullopt);
  EXPECT_TRUE(b.overflowed());
  LineBuffer ok(8);
  ok.append("1234\n5678\n90");  // complete lines are taken before the bound is judged
  EXPECT_EQ(ok.next(), "1234");
  EXPECT_EQ(ok.next(), "5678");
  EXPECT_FALSE(ok.overflowed());
}

}  // namespace
}  // namespace tcpfault::scenario
