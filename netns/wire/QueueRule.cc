#include "netns/wire/QueueRule.h"

#include <libmnl/libmnl.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/xt_NFQUEUE.h>

#include <cstdlib>
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

// The compat "target" expression: name, revision 3 and the xt_NFQ_info_v3 blob.
nftnl_expr* nfqueueTarget(uint16_t queueNum) {
  nftnl_expr* e = nftnl_expr_alloc("target");
  if (!e) throwErrno(ENOMEM, "nftnl_expr_alloc(target)");
  // libnftnl takes ownership of the info buffer (frees it with the expression).
  auto* info = static_cast<xt_NFQ_info_v3*>(std::calloc(1, sizeof(xt_NFQ_info_v3)));
  if (!info) throwErrno(ENOMEM, "calloc(xt_NFQ_info_v3)");
  info->queuenum = queueNum;
  info->queues_total = 1;
  info->flags = 0;  // no bypass: with the engine gone a queued packet is dropped, not leaked
  nftnl_expr_set_str(e, NFTNL_EXPR_TG_NAME, "NFQUEUE");
  nftnl_expr_set_u32(e, NFTNL_EXPR_TG_REV, 3);
  nftnl_expr_set(e, NFTNL_EXPR_TG_INFO, info, sizeof *info);
  return e;
}

std::unique_ptr<nftnl_rule, RuleFree> buildRule(const std::string& table, const std::string& chain,
                                                uint16_t queueNum) {
  std::unique_ptr<nftnl_rule, RuleFree> r(nftnl_rule_alloc());
  if (!r) throwErrno(ENOMEM, "nftnl_rule_alloc");
  nftnl_rule_set_u32(r.get(), NFTNL_RULE_FAMILY, NFPROTO_INET);
  nftnl_rule_set_str(r.get(), NFTNL_RULE_TABLE, table.c_str());
  nftnl_rule_set_str(r.get(), NFTNL_RULE_CHAIN, chain.c_str());
  nftnl_rule_add_expr(r.get(), nfqueueTarget(queueNum));
  return r;
}

}  // namespace

void appendQueueRule(const std::string& table, const std::string& chain, uint16_t queueNum) {
  auto rule = buildRule(table, chain, queueNum);
  std::vector<char> buf(MNL_SOCKET_BUFFER_SIZE * 2);
  mnl_nlmsg_batch* batch = mnl_nlmsg_batch_start(buf.data(), buf.size());
  uint32_t seq = 1;
  nftnl_batch_begin(static_cast<char*>(mnl_nlmsg_batch_current(batch)), seq++);
  mnl_nlmsg_batch_next(batch);
  nlmsghdr* nlh = nftnl_rule_nlmsg_build_hdr(static_cast<char*>(mnl_nlmsg_batch_current(batch)),
                                             NFT_MSG_NEWRULE, NFPROTO_INET,
                                             NLM_F_APPEND | NLM_F_CREATE | NLM_F_ACK, seq++);
  nftnl_rule_nlmsg_build_payload(nlh, rule.get());
  mnl_nlmsg_batch_next(batch);
  nftnl_batch_end(static_cast<char*>(mnl_nlmsg_batch_current(batch)), seq++);
  mnl_nlmsg_batch_next(batch);

  std::unique_ptr<mnl_socket, MnlClose> nl(mnl_socket_open(NETLINK_NETFILTER));
  if (!nl) throwErrno(errno, "mnl_socket_open(NETLINK_NETFILTER)");
  if (mnl_socket_bind(nl.get(), 0, MNL_SOCKET_AUTOPID) < 0) throwErrno(errno, "mnl_socket_bind");
  size_t len = mnl_nlmsg_batch_size(batch);
  if (mnl_socket_sendto(nl.get(), mnl_nlmsg_batch_head(batch), len) < 0)
    throwErrno(errno, "send NFT_MSG_NEWRULE (NFQUEUE)");
  mnl_nlmsg_batch_stop(batch);
  // One ACK (or error) for the rule; the batch begin/end are not acked.
  char rbuf[MNL_SOCKET_BUFFER_SIZE];
  ssize_t n = mnl_socket_recvfrom(nl.get(), rbuf, sizeof rbuf);
  if (n < 0) throwErrno(errno, "recv NFT_MSG_NEWRULE ack");
  if (mnl_cb_run(rbuf, static_cast<size_t>(n), 0, mnl_socket_get_portid(nl.get()), nullptr,
                 nullptr) < 0)
    throwErrno(errno, "nft_compat NFQUEUE rule in " + table + "/" + chain);
}

}  // namespace tcpfault::netns::wire
