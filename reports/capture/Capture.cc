#include "reports/capture/Capture.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <sched.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "netns/Error.h"
#include "reports/capture/PacketDecoder.h"
#include "reports/record/ReportFiles.h"

namespace tcpfault::report {
namespace {

constexpr const char* kFilter = "tcp or icmp or icmp6";

[[noreturn]] void throwPcap(pcap_t* p, std::string_view what, std::string_view device) {
  throw std::runtime_error(fmt::format("capture on {}: {}: {}", device, what, pcap_geterr(p)));
}

void check(int rc, pcap_t* p, std::string_view what, std::string_view device) {
  if (rc < 0) throwPcap(p, what, device);
  // Warnings (rc > 0, e.g. "promiscuous mode not supported on any") are harmless here.
}

}  // namespace

void Capture::PcapCloser::operator()(pcap* p) const { pcap_close(p); }
void Capture::DumperCloser::operator()(pcap_dumper* d) const { pcap_dump_close(d); }

PcapTarget::PcapTarget(const std::string& path) {
  if (path.empty()) return;
  std::filesystem::path p(path);
  dir = ReportDir::open(p.parent_path().empty() ? "." : p.parent_path());
  name = p.filename();
}

Capture::Capture(int netnsFd, std::string device, PcapTarget pcap,
                 std::map<std::string, std::string> addrToHost, Clock::time_point t0)
    : device_(std::move(device)),
      pcapTarget_(std::move(pcap)),
      pcapPath_(pcapTarget_.path()),
      names_(addrToHost),
      clock_(t0) {
  thread_ = std::thread([this, netnsFd] { threadMain(netnsFd); });
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return ready_ || startError_; });
  if (startError_) {
    auto error = startError_;
    lock.unlock();
    thread_.join();
    std::rethrow_exception(error);
  }
}

Capture::~Capture() { stop(); }

void Capture::threadMain(int netnsFd) {
  try {
    if (netnsFd >= 0 && setns(netnsFd, CLONE_NEWNET) != 0)
      throwErrno(errno, fmt::format("capture on {}: setns", device_));
    open();
    refreshLocalAddresses();
  } catch (...) {
    std::lock_guard lock(mu_);
    startError_ = std::current_exception();
    cv_.notify_all();
    return;
  }
  {
    std::lock_guard lock(mu_);
    ready_ = true;
    cv_.notify_all();
  }
  loop();
}

// pcap_activate opens the packet socket: from here on the kernel queues every packet.
void Capture::open() {
  char err[PCAP_ERRBUF_SIZE] = "";
  pcap_.reset(pcap_create(device_.c_str(), err));
  if (!pcap_) throw std::runtime_error(fmt::format("capture on {}: {}", device_, err));
  pcap_t* p = pcap_.get();
  check(pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO), p, "nanosecond stamps", device_);
  check(pcap_set_immediate_mode(p, 1), p, "immediate mode", device_);
  // Headers and the first bytes of payload are what ladders and readers need; whole 64 KiB
  // GSO super-packets overflow the ring during bulk transfers and lose the FIN after them.
  check(pcap_set_snaplen(p, 512), p, "snaplen", device_);
  // 8 MiB: about 14,000 frames of 600 bytes. The kernel zeroes the whole ring and
  // pcap_setfilter walks every frame of it, once per run: at 32 MiB that was a tenth of
  // the suite's CPU. An overflow would not pass unseen: stop() reports the drops.
  check(pcap_set_buffer_size(p, 8 << 20), p, "buffer size", device_);
  check(pcap_activate(p), p, "activate", device_);
  // SLL2 carries the interface index beside the packet type; older readers get SLL.
  if (pcap_datalink(p) == DLT_LINUX_SLL) pcap_set_datalink(p, DLT_LINUX_SLL2);
  bpf_program program{};
  check(pcap_compile(p, &program, kFilter, 1, PCAP_NETMASK_UNKNOWN), p, "filter", device_);
  int rc = pcap_setfilter(p, &program);
  pcap_freecode(&program);
  check(rc, p, "set filter", device_);
  linkType_ = pcap_datalink(p);
  if (!pcapTarget_.dir) return;
  // Created relative to the report dir, never through a link (ReportDir.h): it may be shared.
  UniqueFd fd = pcapTarget_.dir->createFile(pcapTarget_.name);
  FILE* file = ::fdopen(fd.get(), "wb");
  if (!file) throwErrno(errno, "fdopen " + pcapPath_);
  fd.release();
  dumper_.reset(pcap_dump_fopen(p, file));
  if (!dumper_) {
    std::fclose(file);
    throwPcap(p, "open " + pcapPath_, device_);
  }
}

void Capture::loop() {
  auto callback = [](u_char* self, const pcap_pkthdr* header, const u_char* bytes) {
    reinterpret_cast<Capture*>(self)->onPacket(header, bytes);
  };
  int rc = pcap_loop(pcap_.get(), -1, callback, reinterpret_cast<u_char*>(this));
  std::lock_guard lock(mu_);
  if (rc == PCAP_ERROR) loopError_ = pcap_geterr(pcap_.get());
  ended_ = true;
  cv_.notify_all();
}

void Capture::onPacket(const pcap_pkthdr* header, const unsigned char* bytes) {
  auto packet = decodePacket(linkType_, {bytes, header->caplen});
  if (!packet) {
    if (dumper_) pcap_dump(reinterpret_cast<u_char*>(dumper_.get()), header, bytes);
    return;
  }
  // On a router "any" sees each forwarded packet twice: in on one link, out on the other.
  // Keep the incoming copy, and of the outgoing ones only what this host originates (its
  // ICMP errors); local-to-local traffic comes back in on lo, so keep that copy instead.
  if (packet->packetType == PACKET_OUTGOING &&
      (!isLocal(packet->srcAddr) || isLocal(packet->dstAddr)))
    return;
  // The pcap holds the same single copy, so readers do not see every packet "retransmitted".
  if (dumper_) pcap_dump(reinterpret_cast<u_char*>(dumper_.get()), header, bytes);
  Segment s = std::move(packet->segment);
  // Precision NANO: tv_usec holds nanoseconds. The stamp is on the realtime clock; marks
  // and steps are on the steady one (PacketClock.h).
  s.t = clock_.secondsSinceT0(std::chrono::seconds(header->ts.tv_sec) +
                              std::chrono::nanoseconds(header->ts.tv_usec));
  s.src = names_.name(packet->srcAddr);
  s.dst = names_.name(packet->dstAddr);
  publish(std::move(s));
}

void Capture::publish(Segment s) {
  std::lock_guard lock(mu_);
  segments_.push_back(std::move(s));
  cv_.notify_all();
}

bool Capture::isLocal(const std::string& addr) {
  if (localAddresses_.count(addr)) return true;
  // Addresses may be added after the capture started: look again, at most every 200 ms.
  if (Clock::now() - localRefreshedAt_ < std::chrono::milliseconds(200)) return false;
  refreshLocalAddresses();
  return localAddresses_.count(addr) > 0;
}

void Capture::refreshLocalAddresses() {
  localRefreshedAt_ = Clock::now();
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return;  // keep the old set: only dedup precision suffers
  localAddresses_.clear();
  for (ifaddrs* a = list; a; a = a->ifa_next) {
    if (!a->ifa_addr) continue;
    int family = a->ifa_addr->sa_family;
    const void* raw = nullptr;
    if (family == AF_INET) raw = &reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr;
    if (family == AF_INET6) raw = &reinterpret_cast<sockaddr_in6*>(a->ifa_addr)->sin6_addr;
    char text[INET6_ADDRSTRLEN];
    if (raw && inet_ntop(family, raw, text, sizeof text)) localAddresses_.insert(text);
  }
  freeifaddrs(list);
}

std::vector<Segment> Capture::segments() const {
  std::lock_guard lock(mu_);
  return segments_;
}

size_t Capture::count() const {
  std::lock_guard lock(mu_);
  return segments_.size();
}

bool Capture::waitFor(const Predicate& pred, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, timeout, [&] { return ended_ || pred(segments_); });
  return pred(segments_);
}

std::string Capture::error() const {
  std::lock_guard lock(mu_);
  return loopError_;
}

void Capture::stop() {
  if (!thread_.joinable()) return;
  // pcap_breakloop wakes a blocked pcap_loop from another thread (eventfd, libpcap >= 1.10).
  pcap_breakloop(pcap_.get());
  thread_.join();
  // pcap_dump() reports nothing: a full disk shows only in the FILE's error flag.
  if (dumper_ && (pcap_dump_flush(dumper_.get()) != 0 || std::ferror(pcap_dump_file(dumper_.get())))) {
    std::lock_guard lock(mu_);
    if (loopError_.empty()) loopError_ = "write " + pcapPath_ + ": the pcap is incomplete";
  }
  // A full ring drops packets before we see them: wire expectations would judge a partial
  // record, so say so.
  pcap_stat st{};
  if (pcap_stats(pcap_.get(), &st) == 0 && st.ps_drop > 0) {
    std::lock_guard lock(mu_);
    if (loopError_.empty())
      loopError_ = fmt::format("the capture ring overflowed: {} packets were not captured", st.ps_drop);
  }
  dumper_.reset();  // flushes and closes the file
  pcap_.reset();
}

}  // namespace tcpfault::report
