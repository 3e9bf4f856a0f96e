// What a story needs from the kernel (netns/wire/KernelFeatures.h), read from its steps,
// and the skip of every run whose needs the kernel does not meet.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netns/wire/KernelFeatures.h"
#include "scenarios/runner/exec/Catalogue.h"
#include "scenarios/runner/lang/Scenario.h"

namespace tcpfault::scenario {

using netns::wire::Feature;

// Every story builds hosts on veths. Then by step: a started server or `expect HOST tcp`
// reads sock_diag; any wire directive but `rate` and a plain `mtu`, or a check of what
// the wire did, nf_tables; what the engine does (Wire.h: counted, delayed, reordered,
// corrupted, injected segments) nfnetlink_queue and a queue rule; `rate` tbf; an `ipv6`
// socket, `--bind ::` or `needs ipv6` IPv6.
std::vector<Feature> featuresNeeded(const Scenario& sc);

// "needs tbf (sch_tbf), which this kernel lacks (RTM_NEWQDISC tbf: ...)", or nullopt.
std::optional<std::string> featureSkipReason(const Scenario& sc, const netns::wire::KernelFeatures& kernel);

// Marks every job (not skipped already) whose story needs a missing feature; returns, per
// missing feature, how many jobs it skipped.
std::map<Feature, int> skipUnsupported(std::vector<Job>& jobs, const netns::wire::KernelFeatures& kernel);

}  // namespace tcpfault::scenario
