// The ICMP table (reports/record/IcmpMessage.h) row by row, through both of its readers:
// a message built with the row's type and code decodes (reports/capture) to the row, and
// matches the row's `expect wire` kind (lang/IcmpKind) and no other.
#include <gtest/gtest.h>
#include <pcap/dlt.h>

#include <cstdint>
#include <vector>

#include "reports/capture/PacketDecoder.h"
#include "reports/record/IcmpMessage.h"
#include "scenarios/runner/lang/IcmpKind.h"

namespace tcpfault::scenario {
namespace {

using report::IcmpFamily;
using report::IcmpMessage;
using Bytes = std::vector<uint8_t>;

// A bare ICMP message (8 bytes, nothing quoted) from 198.18.1.1 or 2001:db8::1.
Bytes packet(IcmpFamily family, uint8_t type, uint8_t code) {
  Bytes icmp = {type, code, 0, 0, 0, 0, 0, 0};
  Bytes b;
  if (family == IcmpFamily::V4) {
    b = {0x45, 0, 0, uint8_t(20 + icmp.size()), 0, 1, 0, 0, 64, 1, 0, 0, 198, 18, 1, 1, 198, 18, 1, 2};
  } else {
    b = {0x60, 0, 0, 0, 0, uint8_t(icmp.size()), 58, 64};
    for (uint8_t last : {1, 2}) {
      Bytes addr(16);
      addr[0] = 0x20, addr[1] = 0x01, addr[2] = 0x0d, addr[3] = 0xb8, addr[15] = last;
      b.insert(b.end(), addr.begin(), addr.end());
    }
  }
  b.insert(b.end(), icmp.begin(), icmp.end());
  return b;
}

std::string rowName(const IcmpMessage& m) {
  return (m.family == IcmpFamily::V6 ? "v6 " : "v4 ") + std::to_string(m.type) + "/" + std::to_string(m.code);
}

TEST(IcmpKind, EveryRowDecodesToItselfAndMatchesOnlyItsKind) {
  for (const IcmpMessage& m : report::kIcmpMessages) {
    // A row for every code is checked with two: it must not care which.
    std::vector<uint8_t> codes = m.code == report::kAnyCode ? std::vector<uint8_t>{0, 7}
                                                             : std::vector<uint8_t>{uint8_t(m.code)};
    for (uint8_t code : codes) {
      SCOPED_TRACE(rowName(m) + " code " + std::to_string(code));
      auto p = report::decodePacket(DLT_RAW, packet(m.family, m.type, code));
      ASSERT_TRUE(p);
      const report::Segment& s = p->segment;
      EXPECT_TRUE(s.icmp);
      EXPECT_EQ(s.icmp6, m.family == IcmpFamily::V6);
      EXPECT_EQ(s.icmpType, m.type);
      EXPECT_EQ(s.icmpCode, code);
      EXPECT_EQ(s.icmpText, m.text);
      IcmpFamily f = s.icmp6 ? IcmpFamily::V6 : IcmpFamily::V4;
      EXPECT_TRUE(icmpMatches("icmp", f, s.icmpType, s.icmpCode));
      for (std::string_view kind : icmpKinds())
        EXPECT_EQ(icmpMatches(kind, f, s.icmpType, s.icmpCode), kind == m.kind) << kind;
    }
  }
}

// A kind means the same event on both families: each has a row in each.
TEST(IcmpKind, EveryKindHasAV4AndAV6Row) {
  ASSERT_FALSE(icmpKinds().empty());
  for (std::string_view kind : icmpKinds()) {
    bool v4 = false, v6 = false;
    for (const IcmpMessage& m : report::kIcmpMessages)
      if (m.kind == kind) (m.family == IcmpFamily::V4 ? v4 : v6) = true;
    EXPECT_TRUE(v4 && v6) << kind;
    EXPECT_TRUE(isIcmpKind(kind));
  }
  EXPECT_FALSE(isIcmpKind(""));
  EXPECT_FALSE(isIcmpKind("icmp-echo"));
}

// Messages the table does not name decode to their numbers and match no kind.
TEST(IcmpKind, UnnamedMessagesMatchNoKind) {
  auto p = report::decodePacket(DLT_RAW, packet(IcmpFamily::V4, 3, 5));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->segment.icmpText, "unreachable code 5");
  auto q = report::decodePacket(DLT_RAW, packet(IcmpFamily::V6, 4, 0));
  ASSERT_TRUE(q);
  EXPECT_EQ(q->segment.icmpText, "icmp6 type 4");
  for (std::string_view kind : icmpKinds()) {
    EXPECT_FALSE(icmpMatches(kind, IcmpFamily::V4, 3, 5)) << kind;
    EXPECT_FALSE(icmpMatches(kind, IcmpFamily::V6, 4, 0)) << kind;
  }
}

}  // namespace
}  // namespace tcpfault::scenario
