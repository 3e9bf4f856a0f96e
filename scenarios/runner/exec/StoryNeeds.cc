#include "scenarios/runner/exec/StoryNeeds.h"

#include <algorithm>
#include <fmt/format.h>

#include "scenarios/runner/lang/Grammar.h"
#include "scenarios/runner/lang/SlotName.h"

namespace tcpfault::scenario {
namespace {

// The wire rows' slots that decide between the kernel's rules and the engine.
template <VerbWord... Verbs>
using RuleSlot = SlotIn<Context::Directive, Verbs...>;

// Mirrors Wire::add: a rule on every matching segment with no payload bound is the
// kernel's own; anything counted, seeded or about payload goes through the engine.
bool usesEngine(const Step& s) {
  const VerbSpec* spec = findVerb(s);
  WirePath path = spec ? spec->path : WirePath::None;
  if (path == WirePath::Engine) return true;
  if (path != WirePath::Picked && path != WirePath::Seeded) return false;
  const Arg* match = slotArg(s, RuleSlot<"drop", "duplicate", "loss">("MATCH"));
  bool payload = match && match->text == "data";
  if (path == WirePath::Picked) {
    const Arg* nth = slotArg(s, RuleSlot<"drop", "duplicate">("nth"));
    return payload || slotArg(s, RuleSlot<"drop", "duplicate">("count")) || (nth && nth->number > 1);
  }
  return payload || slotArg(s, RuleSlot<"loss">("seed"));
}

bool usesNfTables(const Step& s) {
  const VerbSpec* spec = findVerb(s);
  if (!spec) return false;
  if (spec->traits & kWireSubject) return true;  // the engine's counters, not the capture
  if (!spec->wire()) return false;
  if (spec->path == WirePath::Qdisc) return false;
  if (spec->path == WirePath::LinkMtu) return flag(s, "blackhole");
  return true;
}

bool usesIpv6(const Scenario& sc, const Step& s) {
  if (flag(s, "ipv6")) return true;
  if (traitsOf(s) & kStartsServer)
    for (size_t i = 0; i + 1 < s.args.size(); ++i)
      if (s.args[i].text == "--bind" && s.args[i + 1].text.find(':') != std::string::npos) return true;
  return std::find(sc.needs.begin(), sc.needs.end(), "ipv6") != sc.needs.end();
}

}  // namespace

std::vector<Feature> featuresNeeded(const Scenario& sc) {
  std::vector<Feature> out{Feature::Veth};
  auto need = [&](Feature f) {
    if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
  };
  for (const Step& s : sc.steps) {
    if (traitsOf(s) & kSockDiag) need(Feature::SockDiag);
    if (usesNfTables(s)) need(Feature::NfTables);
    if (s.kind == Step::Kind::Directive && usesEngine(s)) {
      need(Feature::NfTables);
      need(Feature::NfnetlinkQueue);
      need(Feature::QueueRule);
    }
    const VerbSpec* spec = findVerb(s);
    if (spec && spec->path == WirePath::Qdisc) need(Feature::Tbf);
    if (usesIpv6(sc, s)) need(Feature::Ipv6);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<std::string> featureSkipReason(const Scenario& sc, const netns::wire::KernelFeatures& kernel) {
  for (Feature f : featuresNeeded(sc))
    if (auto it = kernel.missing.find(f); it != kernel.missing.end())
      return fmt::format("needs {}, which this kernel lacks ({})", netns::wire::featureDescription(f), it->second);
  return std::nullopt;
}

std::map<Feature, int> skipUnsupported(std::vector<Job>& jobs, const netns::wire::KernelFeatures& kernel) {
  std::map<Feature, int> skipped;
  if (kernel.missing.empty()) return skipped;
  for (Job& j : jobs) {
    if (!j.skip.empty()) continue;
    for (Feature f : featuresNeeded(*j.sc))
      if (!kernel.has(f)) {
        j.skip = *featureSkipReason(*j.sc, kernel);
        ++skipped[f];
        break;
      }
  }
  return skipped;
}

}  // namespace tcpfault::scenario
