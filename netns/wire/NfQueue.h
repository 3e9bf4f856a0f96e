// One NFQUEUE binding (libnetfilter_queue), opened in a given network namespace and closed
// with the object: the queue number is free again once it is gone. It reads what the
// kernel queued, hands each packet to a callback and gives verdicts; it holds no rules and
// no timers (those are the Engine's). Not thread-safe: one thread reads and answers.
#pragma once

#include <cstdint>
#include <functional>

struct nfq_handle;
struct nfq_q_handle;
struct nfq_data;
struct nfgenmsg;

namespace tcpfault::netns::wire {

// A packet as the kernel queued it; data points into the read buffer, valid during the call.
struct QueuedPacket {
  uint32_t id = 0;  // for verdict()
  unsigned char* data = nullptr;
  int len = 0;      // <= 0: no payload copied
  int inIf = 0, outIf = 0;
};

class NfQueue {
 public:
  using Handler = std::function<void(const QueuedPacket&)>;

  // Binds queue `num` in the namespace of netnsFd, copying whole packets, up to maxLen
  // queued (more are dropped by the kernel and counted as queue_dropped). Throws with the
  // errno of the failing call (EBUSY: the number is bound by another socket).
  NfQueue(int netnsFd, uint16_t num, uint32_t maxLen, Handler onPacket);
  ~NfQueue();
  NfQueue(const NfQueue&) = delete;
  NfQueue& operator=(const NfQueue&) = delete;

  // The netlink socket to poll for readability.
  int fd() const;
  // Reads up to `batch` messages without blocking, calling the handler for each packet.
  void readBatch(int batch);
  // NF_ACCEPT or NF_DROP; false when the kernel refused it (the packet stays queued).
  bool verdict(uint32_t id, uint32_t v);
  // GSO super-packets on or off (NFQA_CFG_F_GSO); throws on failure.
  void setGso(bool on);

 private:
  static int callback(nfq_q_handle*, nfgenmsg*, nfq_data* nfa, void* self);
  void close();

  Handler onPacket_;
  nfq_handle* h_ = nullptr;
  nfq_q_handle* qh_ = nullptr;
};

}  // namespace tcpfault::netns::wire
