// /proc/sys access for the calling thread's network namespace: net.* entries under
// /proc/sys belong to the namespace of the thread that opens them.
#pragma once

#include <string>
#include <string_view>

namespace tcpfault::netns {

// "net.ipv4.tcp_retries2" -> "net/ipv4/tcp_retries2"; std::invalid_argument if the key
// could escape /proc/sys.
std::string sysctlPath(std::string_view key);
// path relative to /proc/sys; `host` names the namespace in errors.
void writeProcSys(std::string_view path, std::string_view value, std::string_view host);
std::string readProcSys(std::string_view path, std::string_view host);

// Whether this kernel speaks IPv6 (no /proc/sys/net/ipv6 when it is built without it or
// booted with ipv6.disable=1). Hosts and topologies then take IPv4 only.
bool kernelHasIpv6();

}  // namespace tcpfault::netns
