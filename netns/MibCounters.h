// MibCounters: a snapshot of a host's kernel MIB counters, read inside its namespace from
// /proc/net/netstat (TcpExt*, IpExt*, MPTcpExt*) and /proc/net/snmp (Ip*, Tcp*, Udp*,
// Icmp*): names are the section prefix plus the column, as nstat(8) prints them
// ("TcpExtTCPChallengeACK", "TcpRetransSegs", "TcpInCsumErrors").
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace tcpfault::netns {

class Host;

class MibCounters {
 public:
  static MibCounters read(Host& h);
  // Parses the two-line-per-section format of /proc/net/{netstat,snmp}.
  static MibCounters parse(const std::string& text);

  std::optional<int64_t> find(const std::string& name) const;
  // Throws std::out_of_range naming the counter if this kernel has no such counter.
  int64_t get(const std::string& name) const;
  // this - since, counter by counter (a counter absent in since counts from 0).
  MibCounters delta(const MibCounters& since) const;
  const std::map<std::string, int64_t>& all() const { return values_; }

 private:
  std::map<std::string, int64_t> values_;
};

}  // namespace tcpfault::netns
