#include "netns/wire/Impairment.h"

#include <netinet/in.h>

#include <stdexcept>
#include <string>
#include <utility>

#include "netns/Topology.h"

namespace tcpfault::netns::wire {

Direction Direction::between(const Topology& t, const std::string& src, const std::string& dst) {
  return {t.routerIfname(src), t.routerIfname(dst)};
}

uint8_t parseFlags(std::string_view letters) {
  static constexpr std::string_view kLetters = "FSRPAUEC";  // bit order on the wire
  uint8_t f = 0;
  for (char c : letters) {
    auto i = kLetters.find(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    if (i == std::string_view::npos)
      throw std::invalid_argument(std::string("unknown TCP flag '") + c + "' (use F S R P A U E C)");
    f = static_cast<uint8_t>(f | (1u << i));
  }
  return f;
}

uint64_t parseRate(std::string_view text) {
  static constexpr std::pair<std::string_view, uint64_t> kUnits[] = {
      {"gbit", 1'000'000'000}, {"mbit", 1'000'000}, {"kbit", 1'000}, {"bit", 1},
      {"gbps", 8'000'000'000}, {"mbps", 8'000'000}, {"kbps", 8'000}, {"bps", 8}};
  size_t digits = 0;
  while (digits < text.size() && (std::isdigit(static_cast<unsigned char>(text[digits])) ||
                                  text[digits] == '.'))
    ++digits;
  std::string_view unit = text.substr(digits);
  for (auto [name, scale] : kUnits) {
    if (digits == 0 || unit != name) continue;
    double v = std::stod(std::string(text.substr(0, digits)));
    if (v > 0) return static_cast<uint64_t>(v * static_cast<double>(scale));
  }
  throw std::invalid_argument("bad rate '" + std::string(text) +
                              "' (a positive number with bit, kbit, mbit, gbit, bps, kbps, "
                              "mbps or gbps: 1mbit)");
}

Match Match::tcp() {
  Match m;
  m.protocol = IPPROTO_TCP;
  return m;
}

Match Match::data() {
  Match m = tcp();
  m.minPayload = 1;
  return m;
}

Match Match::flags(std::string_view set) {
  Match m = tcp();
  m.flagsMask = m.flagsValue = parseFlags(set);
  return m;
}

Match Match::onlyFlags(std::string_view f) {
  Match m = tcp();
  m.flagsMask = 0xff;
  m.flagsValue = parseFlags(f);
  return m;
}

}  // namespace tcpfault::netns::wire
