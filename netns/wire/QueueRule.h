// QueueRule: appends the rule that hands packets to the wire's engine (NFQUEUE queue N)
// to a chain of an inet nftables table. Kernels differ in how they offer it:
//   - nftables' own `queue` expression (nft_queue; a module on Debian's 6.1 and 6.12,
//     which the kernel loads itself: nf_tables asks for "nft-expr-queue" and replays
//     the batch);
//   - the xtables NFQUEUE target through nft_compat, where nft_queue is missing (this
//     CI machine's 6.18: CONFIG_NFT_QUEUE unset, xt NFQUEUE built in). Where that target
//     is a module (xt_NFQUEUE), nft_compat cannot load it for an inet rule (it asks for
//     "(null)t_NFQUEUE": x_tables has no module prefix for NFPROTO_INET), so a throwaway
//     ip-family rule in `ipTable` makes the kernel load it by its alias ipt_NFQUEUE --
//     the same request iptables-nft makes, allowed to an unprivileged user namespace too.
// The kind that worked is remembered for the process (modules are the machine's).
// The caller's thread must already be inside the target namespace. Throws
// std::system_error naming the netlink step that failed, after every way was tried.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tcpfault::netns::wire {

enum class QueueKind { NftQueue, XtNfqueue };

// "nft queue" or "xt NFQUEUE", for logs and the feature probe.
std::string_view queueKindName(QueueKind kind);

// `ipTable` is an existing table of family ip (for the xt module request; its chain
// "wire_xt_load" is created and removed).
QueueKind appendQueueRule(const std::string& table, const std::string& chain, uint16_t queueNum,
                          const std::string& ipTable);

}  // namespace tcpfault::netns::wire
