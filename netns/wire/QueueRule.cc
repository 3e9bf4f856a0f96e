#include "netns/wire/QueueRule.h"

#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/xt_NFQUEUE.h>

#include <atomic>
#include <cstdlib>
#include <functional>
#include <memory>
#include <vector>

#include "netns/Error.h"

namespace tcpfault::netns::wire {
namespace {

struct MnlClose {
  void operator()(mnl_socket* s) const { mnl_socket_close(s); }
};
struct RuleFree {
  void operator()(nftnl_rule* r) const { nftnl_rule_free(r); }
};
struct ChainFree {
  void operator()(nftnl_chain* c) const { nftnl_chain_free(c); }
};

constexpr const char* kXtLoadChain = "wire_xt_load";

// nftables' own queue expression: queue num N, one queue, no bypass (with the engine
// gone a queued packet is dropped, not leaked).
nftnl_expr* nftQueue(uint16_t queueNum) {
  nftnl_expr* e = nftnl_expr_alloc("queue");
  if (!e) throwErrno(ENOMEM, "nftnl_expr_alloc(queue)");
  nftnl_expr_set_u16(e, NFTNL_EXPR_QUEUE_NUM, queueNum);
  nftnl_expr_set_u16(e, NFTNL_EXPR_QUEUE_TOTAL, 1);
  nftnl_expr_set_u16(e, NFTNL_EXPR_QUEUE_FLAGS, 0);
  return e;
}

// The compat "target" expression: name, revision 3 and the xt_NFQ_info_v3 blob.
nftnl_expr* xtNfqueue(uint16_t queueNum) {
  nftnl_expr* e = nftnl_expr_alloc("target");
  if (!e) throwErrno(ENOMEM, "nftnl_expr_alloc(target)");
  // libnftnl takes ownership of the info buffer (frees it with the expression).
  auto* info = static_cast<xt_NFQ_info_v3*>(std::calloc(1, sizeof(xt_NFQ_info_v3)));
  if (!info) throwErrno(ENOMEM, "calloc(xt_NFQ_info_v3)");
  info->queuenum = queueNum;
  info->queues_total = 1;
  info->flags = 0;  // no bypass, as above
  nftnl_expr_set_str(e, NFTNL_EXPR_TG_NAME, "NFQUEUE");
  nftnl_expr_set_u32(e, NFTNL_EXPR_TG_REV, 3);
  nftnl_expr_set(e, NFTNL_EXPR_TG_INFO, info, sizeof *info);
  return e;
}

std::unique_ptr<nftnl_rule, RuleFree> rule(uint16_t family, const std::string& table, const std::string& chain,
                                           nftnl_expr* expr) {
  std::unique_ptr<nftnl_rule, RuleFree> r(nftnl_rule_alloc());
  if (!r) {
    if (expr) nftnl_expr_free(expr);
    throwErrno(ENOMEM, "nftnl_rule_alloc");
  }
  nftnl_rule_set_u32(r.get(), NFTNL_RULE_FAMILY, family);
  nftnl_rule_set_str(r.get(), NFTNL_RULE_TABLE, table.c_str());
  nftnl_rule_set_str(r.get(), NFTNL_RULE_CHAIN, chain.c_str());
  if (expr) nftnl_rule_add_expr(r.get(), expr);  // none: every rule of the chain (a flush)
  return r;
}

std::unique_ptr<nftnl_chain, ChainFree> chain(uint16_t family, const std::string& table, const std::string& name) {
  std::unique_ptr<nftnl_chain, ChainFree> c(nftnl_chain_alloc());
  if (!c) throwErrno(ENOMEM, "nftnl_chain_alloc");
  nftnl_chain_set_u32(c.get(), NFTNL_CHAIN_FAMILY, family);
  nftnl_chain_set_str(c.get(), NFTNL_CHAIN_TABLE, table.c_str());
  nftnl_chain_set_str(c.get(), NFTNL_CHAIN_NAME, name.c_str());
  return c;
}

// One nf_tables transaction: begin, the messages `build` adds (each asks for an ACK),
// end. Returns 0 or the errno of the first message the kernel refused (the whole
// transaction is then undone).
using AddMessage = std::function<void(uint16_t type, uint16_t family, uint16_t flags,
                                      const std::function<void(nlmsghdr*)>& payload)>;
int transaction(const std::function<void(const AddMessage&)>& build) {
  std::vector<char> buf(MNL_SOCKET_BUFFER_SIZE * 2);
  mnl_nlmsg_batch* batch = mnl_nlmsg_batch_start(buf.data(), buf.size());
  uint32_t seq = 1;
  int messages = 0;
  nftnl_batch_begin(static_cast<char*>(mnl_nlmsg_batch_current(batch)), seq++);
  mnl_nlmsg_batch_next(batch);
  build([&](uint16_t type, uint16_t family, uint16_t flags, const std::function<void(nlmsghdr*)>& payload) {
    char* at = static_cast<char*>(mnl_nlmsg_batch_current(batch));
    nlmsghdr* nlh = type == NFT_MSG_NEWCHAIN || type == NFT_MSG_DELCHAIN
                        ? nftnl_chain_nlmsg_build_hdr(at, type, family, flags | NLM_F_ACK, seq++)
                        : nftnl_rule_nlmsg_build_hdr(at, type, family, flags | NLM_F_ACK, seq++);
    payload(nlh);
    mnl_nlmsg_batch_next(batch);
    ++messages;
  });
  nftnl_batch_end(static_cast<char*>(mnl_nlmsg_batch_current(batch)), seq++);
  mnl_nlmsg_batch_next(batch);

  std::unique_ptr<mnl_socket, MnlClose> nl(mnl_socket_open(NETLINK_NETFILTER));
  if (!nl) throwErrno(errno, "mnl_socket_open(NETLINK_NETFILTER)");
  if (mnl_socket_bind(nl.get(), 0, MNL_SOCKET_AUTOPID) < 0) throwErrno(errno, "mnl_socket_bind");
  if (mnl_socket_sendto(nl.get(), mnl_nlmsg_batch_head(batch), mnl_nlmsg_batch_size(batch)) < 0)
    throwErrno(errno, "send nf_tables batch");
  mnl_nlmsg_batch_stop(batch);
  // One ACK (or error) per message; the batch begin/end are not acked. A refused
  // message is the last answer: the kernel aborts the rest.
  for (int acked = 0; acked < messages;) {
    char rbuf[MNL_SOCKET_BUFFER_SIZE];
    ssize_t n = mnl_socket_recvfrom(nl.get(), rbuf, sizeof rbuf);
    if (n < 0) throwErrno(errno, "recv nf_tables ack");
    int len = static_cast<int>(n);
    for (auto* h = reinterpret_cast<nlmsghdr*>(rbuf); mnl_nlmsg_ok(h, len); h = mnl_nlmsg_next(h, &len)) {
      if (h->nlmsg_type != NLMSG_ERROR) continue;
      int err = -static_cast<const nlmsgerr*>(mnl_nlmsg_get_payload(h))->error;
      if (err != 0) return err;
      ++acked;
    }
  }
  return 0;
}

int appendRule(uint16_t family, const std::string& table, const std::string& chainName, nftnl_expr* expr) {
  auto r = rule(family, table, chainName, expr);
  return transaction([&](const AddMessage& add) {
    add(NFT_MSG_NEWRULE, family, NLM_F_APPEND | NLM_F_CREATE,
        [&](nlmsghdr* nlh) { nftnl_rule_nlmsg_build_payload(nlh, r.get()); });
  });
}

// Makes the kernel load xt_NFQUEUE: an ip-family NFQUEUE rule in a chain no packet
// enters (nft_compat requests "ipt_NFQUEUE"), then the chain is flushed and deleted.
void requestXtNfqueueModule(const std::string& ipTable, uint16_t queueNum) {
  auto c = chain(NFPROTO_IPV4, ipTable, kXtLoadChain);
  int err = transaction([&](const AddMessage& add) {
    add(NFT_MSG_NEWCHAIN, NFPROTO_IPV4, NLM_F_CREATE, [&](nlmsghdr* h) { nftnl_chain_nlmsg_build_payload(h, c.get()); });
  });
  if (err != 0) throwErrno(err, "nf_tables: chain ip " + ipTable + " " + kXtLoadChain);
  appendRule(NFPROTO_IPV4, ipTable, kXtLoadChain, xtNfqueue(queueNum));  // its verdict: whether it loaded
  auto flush = rule(NFPROTO_IPV4, ipTable, kXtLoadChain, nullptr);
  err = transaction([&](const AddMessage& add) {
    add(NFT_MSG_DELRULE, NFPROTO_IPV4, 0, [&](nlmsghdr* h) { nftnl_rule_nlmsg_build_payload(h, flush.get()); });
    add(NFT_MSG_DELCHAIN, NFPROTO_IPV4, 0, [&](nlmsghdr* h) { nftnl_chain_nlmsg_build_payload(h, c.get()); });
  });
  if (err != 0) throwErrno(err, "nf_tables: delete chain ip " + ipTable + " " + kXtLoadChain);
}

// What this kernel is known to take; -1 until a rule was appended.
std::atomic<int> gKnownKind{-1};

}  // namespace

std::string_view queueKindName(QueueKind kind) {
  return kind == QueueKind::NftQueue ? "nft queue" : "xt NFQUEUE";
}

QueueKind appendQueueRule(const std::string& table, const std::string& chainName, uint16_t queueNum,
                          const std::string& ipTable) {
  int known = gKnownKind.load();
  int nftErr = 0;
  if (known != static_cast<int>(QueueKind::XtNfqueue)) {
    nftErr = appendRule(NFPROTO_INET, table, chainName, nftQueue(queueNum));
    if (nftErr == 0) {
      gKnownKind = static_cast<int>(QueueKind::NftQueue);
      return QueueKind::NftQueue;
    }
    if (nftErr != ENOENT && nftErr != EOPNOTSUPP) throwErrno(nftErr, "nft queue rule in " + table + "/" + chainName);
  }
  int xtErr = appendRule(NFPROTO_INET, table, chainName, xtNfqueue(queueNum));
  if (xtErr == ENOENT) {
    requestXtNfqueueModule(ipTable, queueNum);
    xtErr = appendRule(NFPROTO_INET, table, chainName, xtNfqueue(queueNum));
  }
  if (xtErr != 0)
    throwErrno(xtErr, "NFQUEUE rule in " + table + "/" + chainName +
                          (nftErr ? " (this kernel has neither nft queue, nft_queue.ko, nor the xt NFQUEUE target, "
                                    "xt_NFQUEUE.ko)"
                                  : ""));
  gKnownKind = static_cast<int>(QueueKind::XtNfqueue);
  return QueueKind::XtNfqueue;
}

}  // namespace tcpfault::netns::wire
