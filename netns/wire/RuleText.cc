#include "netns/wire/RuleText.h"

#include <netinet/in.h>

#include <stdexcept>

namespace tcpfault::netns::wire {
namespace {

// Interface names reach nft text: only the characters a veth name may have.
std::string quoted(const std::string& ifname) {
  for (char c : ifname)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
      throw std::invalid_argument("wire: bad interface name " + ifname);
  return "\"" + ifname + "\"";
}

std::string protoName(uint8_t p) {
  if (p == IPPROTO_TCP) return "tcp";
  if (p == IPPROTO_UDP) return "udp";
  return std::to_string(p);
}

}  // namespace

std::string ruleText(const Direction& dir, const Match& m) {
  std::string s = "iifname " + quoted(dir.inIf) + " oifname " + quoted(dir.outIf);
  uint8_t proto = m.protocol;
  if (m.flagsMask) proto = IPPROTO_TCP;
  if (proto) s += " meta l4proto " + protoName(proto);
  if (m.flagsMask)
    s += " tcp flags & " + std::to_string(m.flagsMask) + " == " + std::to_string(m.flagsValue);
  std::string th = proto == IPPROTO_TCP ? "tcp" : proto == IPPROTO_UDP ? "udp" : "th";
  if ((m.srcPort || m.dstPort) && !proto) s += " meta l4proto { tcp, udp }";
  if (m.srcPort) s += " " + th + " sport " + std::to_string(*m.srcPort);
  if (m.dstPort) s += " " + th + " dport " + std::to_string(*m.dstPort);
  return s;
}

std::string queueJump(const Selector& sel) { return ruleText(sel.dir, sel.match) + " counter jump wire_q"; }

}  // namespace tcpfault::netns::wire
