// RuleText: a direction and a match as nft rule text, for the router's wire_fwd chain.
#pragma once

#include <string>

#include "netns/wire/Impairment.h"

namespace tcpfault::netns::wire {

// `iifname "tf-client" oifname "tf-server" meta l4proto tcp tcp flags & 0x2 == 0x2 ...`
// (a payload-length bound has no nft form here: the engine checks it).
std::string ruleText(const Direction& dir, const Match& m);
// The rule that hands a selector's packets to the engine (counted, then jump wire_q).
std::string queueJump(const Selector& sel);

}  // namespace tcpfault::netns::wire
