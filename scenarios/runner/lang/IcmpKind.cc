#include "scenarios/runner/lang/IcmpKind.h"

#include <algorithm>

namespace tcpfault::scenario {

std::vector<std::string_view> icmpKinds() {
  std::vector<std::string_view> out;
  for (const report::IcmpMessage& m : report::kIcmpMessages)
    if (!m.kind.empty() && std::find(out.begin(), out.end(), m.kind) == out.end()) out.push_back(m.kind);
  return out;
}

bool isIcmpKind(std::string_view word) {
  return !word.empty() && std::any_of(report::kIcmpMessages.begin(), report::kIcmpMessages.end(),
                                      [&](const report::IcmpMessage& m) { return m.kind == word; });
}

bool icmpMatches(std::string_view word, report::IcmpFamily family, uint8_t type, uint8_t code) {
  if (word == "icmp") return true;
  const report::IcmpMessage* m = report::findIcmpMessage(family, type, code);
  return m && !m->kind.empty() && m->kind == word;
}

}  // namespace tcpfault::scenario
