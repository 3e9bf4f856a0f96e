#include "netns/wire/Impairment.h"

#include <netinet/in.h>

#include <stdexcept>

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
