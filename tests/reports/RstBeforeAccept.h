// The UNP 5.11 exchange on loopback: connect, then an abortive close (SO_LINGER 0) before
// the server accepts. Client 127.0.0.1, server 127.0.0.2; on the wire: S, SA, A, RA.
#pragma once

#include <map>
#include <string>

namespace tcpfault::testing {

inline const std::map<std::string, std::string> kRstHosts = {{"127.0.0.1", "client"},
                                                              {"127.0.0.2", "server"}};

// Must run inside a namespace with lo up. Throws std::system_error on failure.
void rstBeforeAccept();

}  // namespace tcpfault::testing
