#include "scenarios/runner/lang/WireSyntax.h"
#include "scenarios/runner/lang/Number.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

namespace tcpfault::scenario {
namespace {

// DIGITS[.DIGITS] -> value; nullopt otherwise.
std::optional<double> decimal(std::string_view s) {
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  if (!allDigits(whole) || whole.size() > 12) return std::nullopt;
  if (dot != std::string_view::npos && (!allDigits(s.substr(dot + 1)) || s.size() - dot > 7))
    return std::nullopt;
  return std::stod(std::string(s));
}

}  // namespace

std::optional<SeqWord> parseSeqWord(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, SeqWord::Base>, 3> kBases{{
      {"rcv_nxt", SeqWord::Base::RcvNxt},
      {"snd_una", SeqWord::Base::SndUna},
      {"oow", SeqWord::Base::OutOfWindow}}};
  SeqWord w;
  if (allDigits(text)) {
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), w.offset);
    if (ec != std::errc() || w.offset > 0xffffffffLL) return std::nullopt;
    w.base = SeqWord::Base::Raw;
    return w;
  }
  for (auto [name, base] : kBases) {
    if (!text.starts_with(name)) continue;
    std::string_view rest = text.substr(name.size());
    w.base = base;
    if (rest.empty()) return w;
    if ((rest[0] != '+' && rest[0] != '-') || !allDigits(rest.substr(1)) || rest.size() > 11)
      return std::nullopt;
    std::from_chars(rest.data() + 1, rest.data() + rest.size(), w.offset);
    if (rest[0] == '-') w.offset = -w.offset;
    return w;
  }
  return std::nullopt;
}

uint64_t parseRateWord(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, double>, 8> kUnits{{
      {"gbit", 1e9}, {"mbit", 1e6}, {"kbit", 1e3}, {"bit", 1},
      {"gbps", 8e9}, {"mbps", 8e6}, {"kbps", 8e3}, {"bps", 8}}};
  for (auto [unit, scale] : kUnits) {
    if (!text.ends_with(unit)) continue;
    auto v = decimal(text.substr(0, text.size() - unit.size()));
    if (!v || *v * scale < 1 || *v * scale > 1e12) return 0;
    return static_cast<uint64_t>(*v * scale);
  }
  return 0;
}

std::optional<double> parsePercentWord(std::string_view text) {
  if (text.ends_with('%')) text.remove_suffix(1);
  auto v = decimal(text);
  if (!v || *v > 100) return std::nullopt;
  return v;
}

bool isSegmentMatch(std::string_view text) {
  if (text == "data") return true;
  std::string seen;
  for (char c : text) {
    if (std::string_view("SFRPAUEC").find(c) == std::string_view::npos ||
        seen.find(c) != std::string::npos)
      return false;
    seen += c;
  }
  return !text.empty();
}

bool isMibCounterName(std::string_view text) {
  static constexpr std::array<std::string_view, 5> kSections{"Ip", "Icmp", "Tcp", "Udp", "MPTcp"};
  bool known = std::any_of(kSections.begin(), kSections.end(),
                           [&](std::string_view s) { return text.starts_with(s); });
  return known && text.size() > 3 && text.size() < 64 &&
         std::all_of(text.begin(), text.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
}

}  // namespace tcpfault::scenario
