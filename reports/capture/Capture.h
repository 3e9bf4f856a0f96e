// Capture: records every TCP and ICMP packet seen in one network namespace (normally the
// router's) to a pcap file and to an in-memory list of Segments for expectations and reports.
//
// Threads: the capture runs on its own thread, which setns()es itself into the namespace
// (setns changes only the calling thread). segments(), count() and waitFor() may be called
// from any thread; stop() and the destructor from the owner only.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "reports/capture/AddressBook.h"
#include "reports/capture/PacketClock.h"
#include "reports/record/ReportDir.h"
#include "reports/record/RunRecord.h"

struct pcap;
struct pcap_dumper;
struct pcap_pkthdr;

namespace tcpfault::report {

// Where a capture writes its pcap: a file created in a report dir opened once (never
// through a symlink, ReportDir.h). Empty: keep segments only. A path ("out/run.pcap",
// tests and tools) opens its folder the same way.
struct PcapTarget {
  std::shared_ptr<const ReportDir> dir;
  std::string name;  // relative to dir: "pcap/<run>.pcap"
  PcapTarget() = default;
  PcapTarget(std::shared_ptr<const ReportDir> d, std::string n)
      : dir(std::move(d)), name(std::move(n)) {}
  PcapTarget(const std::string& path);  // NOLINT(google-explicit-constructor): "" or a path
  PcapTarget(const char* path) : PcapTarget(std::string(path)) {}  // NOLINT
  std::string path() const { return dir ? (dir->path() / name).string() : ""; }
};

class Capture {
 public:
  using Clock = std::chrono::steady_clock;
  using Predicate = std::function<bool(const std::vector<Segment>&)>;

  // Starts capturing on `device` ("any", "lo", "eth0") inside the namespace `netnsFd`
  // (-1: the caller's namespace) and returns once the capture is live, so the first SYN
  // sent after construction is seen. `netnsFd` is used only during construction.
  // pcap: the file to write (PcapTarget); empty: keep segments only.
  // Segment times are seconds since t0 on the steady clock (PacketClock.h). Throws
  // std::system_error / std::runtime_error.
  Capture(int netnsFd, std::string device, PcapTarget pcap,
          std::map<std::string, std::string> addrToHost, Clock::time_point t0);
  ~Capture();
  Capture(const Capture&) = delete;
  Capture& operator=(const Capture&) = delete;

  std::vector<Segment> segments() const;  // a snapshot
  size_t count() const;

  // Waits until pred(segments so far) holds, re-checking on every new segment; false on
  // timeout or when the capture has ended without pred holding. pred runs under the lock.
  bool waitFor(const Predicate& pred, std::chrono::milliseconds timeout) const;

  // Ends the capture and flushes the pcap file. Idempotent.
  void stop();

  const std::string& pcapPath() const { return pcapPath_; }
  // libpcap's complaint when the capture ended on its own (interface gone); empty otherwise.
  std::string error() const;

 private:
  struct PcapCloser {
    void operator()(pcap* p) const;
  };
  struct DumperCloser {
    void operator()(pcap_dumper* d) const;
  };

  void threadMain(int netnsFd);
  void open();
  void loop();
  void onPacket(const pcap_pkthdr* header, const unsigned char* bytes);
  bool isLocal(const std::string& addr);
  void refreshLocalAddresses();
  void publish(Segment s);

  const std::string device_;
  const PcapTarget pcapTarget_;
  const std::string pcapPath_;  // for messages
  const AddressBook names_;
  PacketClock clock_;  // capture thread only: kernel stamps -> seconds since t0

  std::unique_ptr<pcap, PcapCloser> pcap_;
  std::unique_ptr<pcap_dumper, DumperCloser> dumper_;
  int linkType_ = 0;
  std::thread thread_;

  // Capture thread only: this namespace's own addresses, to keep what it sends itself.
  std::set<std::string> localAddresses_;
  Clock::time_point localRefreshedAt_{};

  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::vector<Segment> segments_;       // guarded by mu_
  bool ready_ = false, ended_ = false;  // guarded by mu_
  std::exception_ptr startError_;       // guarded by mu_
  std::string loopError_;               // guarded by mu_
};

}  // namespace tcpfault::report
