#include "scenarios/runner/exec/CallArgs.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "netns/ErrnoName.h"
#include "scenarios/runner/lang/SlotName.h"

namespace tcpfault::scenario {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// By kind: a duration in milliseconds, a count or size as its number, words as written.
std::string plainValue(const Arg& a) {
  switch (a.kind) {
    case Arg::Kind::Duration: return std::to_string(static_cast<long long>(a.seconds * 1000));
    case Arg::Kind::Number:
    case Arg::Kind::Size: return std::to_string(a.number);
    default: return a.text;
  }
}

bool numeric(const Arg& a) { return a.kind == Arg::Kind::Number || a.kind == Arg::Kind::Size; }

// The placeholders whose value is not the plain one.
void encodeSlot(const Arg& a, const DestResolver& resolveDest, AgentArgs& out) {
  if (fills(a, AgentSlot("DEST"))) return out.set("dest", resolveDest(a));
  if (fills(a, AgentSlot("SIGNAME"))) return out.set("signame", std::to_string(signalFromName(a.text).value_or(0)));
  if (fills(a, AgentSlot("DATA")) && numeric(a)) return out.set("pattern", std::to_string(a.number));
  out.set(lower(a.slot), plainValue(a));
}

}  // namespace

AgentArgs encodeCallArgs(const Step& step, const DestResolver& resolveDest) {
  AgentArgs out;
  for (size_t i = 0; i < step.args.size(); ++i) {
    const Arg& a = step.args[i];
    bool headsGroup = i + 1 < step.args.size() && step.args[i + 1].slot == a.text;
    if (!a.slot.empty()) encodeSlot(a, resolveDest, out);
    else if (!headsGroup) out.setFlag(a.text);  // "timeout" itself travels as timeout=MS
  }
  return out;
}

}  // namespace tcpfault::scenario
