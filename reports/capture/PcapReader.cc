#include "reports/capture/PcapReader.h"

#include <fmt/format.h>
#include <linux/if_packet.h>
#include <pcap/pcap.h>

#include <memory>
#include <stdexcept>

#include "reports/capture/AddressBook.h"
#include "reports/capture/PacketDecoder.h"

namespace tcpfault::report {
namespace {

struct Read {
  DecodedPacket packet;
  double stamp = 0;
  bool dropped = false;
};

bool sameWirePacket(const Read& a, const Read& b) {
  const Segment &x = a.packet.segment, &y = b.packet.segment;
  return a.packet.srcAddr == b.packet.srcAddr && a.packet.dstAddr == b.packet.dstAddr &&
         x.sport == y.sport && x.dport == y.dport && x.flags == y.flags && x.seq == y.seq &&
         x.ack == y.ack && x.len == y.len && x.icmp == y.icmp && x.icmpText == y.icmpText;
}

bool canPair(const std::vector<Read>& reads, const std::vector<bool>& paired, size_t out,
             size_t in) {
  return !paired[in] && reads[in].packet.packetType != PACKET_OUTGOING &&
         sameWirePacket(reads[out], reads[in]);
}

// The incoming twin of the outgoing packet `out` within 100 ms, looking back first.
// The file is in time order, so the search stays inside that window.
std::optional<size_t> findTwin(const std::vector<Read>& reads, const std::vector<bool>& paired,
                               size_t out) {
  constexpr double kWindow = 0.1;
  for (size_t j = out; j-- > 0 && reads[out].stamp - reads[j].stamp <= kWindow;)
    if (canPair(reads, paired, out, j)) return j;
  for (size_t j = out + 1; j < reads.size() && reads[j].stamp - reads[out].stamp <= kWindow; ++j)
    if (canPair(reads, paired, out, j)) return j;
  return std::nullopt;
}

void dropForwardedTwins(std::vector<Read>& reads) {
  std::vector<bool> paired(reads.size());
  for (size_t i = 0; i < reads.size(); ++i) {
    if (reads[i].packet.packetType != PACKET_OUTGOING) continue;
    if (auto twin = findTwin(reads, paired, i)) {
      paired[*twin] = true;
      reads[i].dropped = true;
    }
  }
}

std::vector<Read> readAll(const std::string& path) {
  char err[PCAP_ERRBUF_SIZE] = "";
  std::unique_ptr<pcap_t, void (*)(pcap_t*)> p(
      pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, err),
      pcap_close);
  if (!p) throw std::runtime_error(fmt::format("read {}: {}", path, err));
  int linkType = pcap_datalink(p.get());
  std::vector<Read> reads;
  pcap_pkthdr* header = nullptr;
  const u_char* bytes = nullptr;
  int rc;
  while ((rc = pcap_next_ex(p.get(), &header, &bytes)) == 1) {
    auto packet = decodePacket(linkType, {bytes, header->caplen});
    if (!packet) continue;
    double stamp =
        static_cast<double>(header->ts.tv_sec) + static_cast<double>(header->ts.tv_usec) * 1e-9;
    reads.push_back({std::move(*packet), stamp, false});
  }
  if (rc == PCAP_ERROR)
    throw std::runtime_error(fmt::format("read {}: {}", path, pcap_geterr(p.get())));
  return reads;
}

}  // namespace

std::vector<Segment> readPcap(const std::string& path, const PcapReadOptions& options) {
  std::vector<Read> reads = readAll(path);
  dropForwardedTwins(reads);
  AddressBook names(options.addrToHost);
  double t0 = options.epochT0.value_or(reads.empty() ? 0 : reads.front().stamp);
  std::vector<Segment> out;
  for (Read& r : reads) {
    if (r.dropped) continue;
    Segment s = std::move(r.packet.segment);
    s.t = r.stamp - t0;
    s.src = names.name(r.packet.srcAddr);
    s.dst = names.name(r.packet.dstAddr);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace tcpfault::report
