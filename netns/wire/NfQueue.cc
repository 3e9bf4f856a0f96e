#include "netns/wire/NfQueue.h"

#include <arpa/inet.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <linux/netfilter.h>
#include <sys/socket.h>

#include <string>

#include "netns/Error.h"
#include "netns/Host.h"

namespace tcpfault::netns::wire {

NfQueue::NfQueue(int netnsFd, uint16_t num, uint32_t maxLen, Handler onPacket)
    : onPacket_(std::move(onPacket)) {
  try {
    NetnsGuard in(netnsFd);  // the queue, like the rules, belongs to the router's namespace
    h_ = nfq_open();
    if (!h_) throwErrno(errno, "nfq_open in the router");
    qh_ = nfq_create_queue(h_, num, &NfQueue::callback, this);
    if (!qh_) throwErrno(errno, "nfq_create_queue " + std::to_string(num));
    if (nfq_set_mode(qh_, NFQNL_COPY_PACKET, 0xffff) < 0) throwErrno(errno, "nfq_set_mode");
    if (nfq_set_queue_maxlen(qh_, maxLen) < 0) throwErrno(errno, "nfq_set_queue_maxlen");
    int one = 1, big = 16 << 20;
    ::setsockopt(fd(), SOL_NETLINK, NETLINK_NO_ENOBUFS, &one, sizeof one);
    // SO_RCVBUFFORCE needs CAP_NET_ADMIN in the initial user namespace: rootless it fails,
    // and the default buffer (rmem_default) held three 64 KiB packets -- a slow guest
    // (6.12 under TCG, rootless) lost 13 in reset-mid-write. SO_RCVBUF then takes what
    // net.core.rmem_max allows, twice the default at least.
    if (::setsockopt(fd(), SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof big) != 0)
      ::setsockopt(fd(), SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
  } catch (...) {
    close();
    throw;
  }
}

NfQueue::~NfQueue() { close(); }

void NfQueue::close() {
  if (qh_) nfq_destroy_queue(qh_);
  if (h_) nfq_close(h_);
  qh_ = nullptr;
  h_ = nullptr;
}

int NfQueue::fd() const { return nfq_fd(h_); }

int NfQueue::callback(nfq_q_handle*, nfgenmsg*, nfq_data* nfa, void* self) {
  QueuedPacket p;
  p.id = ntohl(nfq_get_msg_packet_hdr(nfa)->packet_id);
  p.len = nfq_get_payload(nfa, &p.data);
  p.inIf = static_cast<int>(nfq_get_indev(nfa));
  p.outIf = static_cast<int>(nfq_get_outdev(nfa));
  static_cast<NfQueue*>(self)->onPacket_(p);
  return 0;
}

void NfQueue::readBatch(int batch) {
  alignas(8) static thread_local char buf[256 * 1024];
  for (int i = 0; i < batch; ++i) {
    ssize_t n = ::recv(fd(), buf, sizeof buf, MSG_DONTWAIT);
    if (n <= 0) break;
    nfq_handle_packet(h_, buf, static_cast<int>(n));
  }
}

bool NfQueue::verdict(uint32_t id, uint32_t v) { return nfq_set_verdict(qh_, id, v, 0, nullptr) >= 0; }

void NfQueue::setGso(bool on) {
  if (nfq_set_queue_flags(qh_, NFQA_CFG_F_GSO, on ? NFQA_CFG_F_GSO : 0) < 0)
    throwErrno(errno, "nfq_set_queue_flags(GSO)");
}

}  // namespace tcpfault::netns::wire
