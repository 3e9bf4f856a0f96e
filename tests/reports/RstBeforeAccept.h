// The UNP 5.11 exchange: connect, then an abortive close (SO_LINGER 0) before the server
// accepts; on the wire: S, SA, A, RA. Plus the small socket helpers it is made of, for
// tests that spread client and server over namespaces (a socket stays in the namespace of
// the thread that created it, whichever thread uses it later).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "netns/UniqueFd.h"

namespace tcpfault::reporttest {

// Loopback flavour: client 127.0.0.1, server 127.0.0.2.
inline const std::map<std::string, std::string> kRstHosts = {{"127.0.0.1", "client"},
                                                             {"127.0.0.2", "server"}};

// Must run inside a namespace with lo up. Throws std::system_error on failure.
void rstBeforeAccept();

UniqueFd tcpSocket();
UniqueFd listenOn(const char* ip);  // an ephemeral port
uint16_t localPort(const UniqueFd& fd);
// connect(); 0 or the errno (what the kernel under test says is data, not an exception).
int connectTo(const UniqueFd& fd, const char* ip, uint16_t port);
void abortiveClose(UniqueFd fd);  // SO_LINGER {1, 0}: close sends RST (UNP 7.5)

}  // namespace tcpfault::reporttest
