// QueueRule: appends "xt NFQUEUE --queue-num N" to a chain of an nftables table, through
// nft_compat (this kernel has CONFIG_NFT_QUEUE unset but the xtables NFQUEUE target
// built in; iptables-nft does the same). The caller's thread must already be inside the
// target namespace. Throws std::system_error naming the netlink step that failed.
#pragma once

#include <cstdint>
#include <string>

namespace tcpfault::netns::wire {

void appendQueueRule(const std::string& table, const std::string& chain, uint16_t queueNum);

}  // namespace tcpfault::netns::wire
