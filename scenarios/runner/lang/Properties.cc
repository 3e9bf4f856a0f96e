#include "scenarios/runner/lang/Properties.h"

#include <algorithm>

namespace tcpfault::scenario {

const std::vector<PropertySpec>& propertyTable() {
  static const std::vector<PropertySpec> table{
      {"serves", "accepts clients and answers every request completely and in order, whatever the network does "
                 "on the way (loss, reordering, corruption, a narrow path)",
       "read until the call says there is no more (EAGAIN with edge triggers), check the return value before "
       "errno, and keep one connection's bytes in order"},
      {"ipv6", "bound to `::` serves IPv6 and IPv4 clients (one dual-stack socket or two listeners)",
       "bind [::] with IPV6_V6ONLY off, or listen on 0.0.0.0 and [::] both"},
      {"half-close", "after a client's FIN (shutdown SHUT_WR) still sends every byte it owes, then closes",
       "on EOF (read 0, EPOLLRDHUP) stop reading but flush the pending output, and close only once it is sent"},
      {"no-leak", "releases the descriptor and socket of every client that closed, aborted or vanished "
                  "(no fd or CLOSE_WAIT socket left behind)",
       "close() the socket on EOF and on every read/write error (ECONNRESET, EPIPE, ETIMEDOUT), on every path"},
      {"no-head-of-line-blocking", "a silent, slow or vanished client does not stop others from being served",
       "never block on one client: non-blocking sockets with poll/epoll, or a thread or process per client"},
      {"survives-reset", "a peer's RST (write after RST, SIGPIPE, ECONNRESET on read, RST before accept) neither "
                         "kills nor wedges the server",
       "ignore SIGPIPE (or send with MSG_NOSIGNAL), treat ECONNRESET/EPIPE as the end of that one connection, "
       "and go on after ECONNABORTED from accept"},
      {"slow-reader", "keeps the bytes a slow reader cannot take yet, waits for writability and loses nothing",
       "keep unsent bytes per connection after a short write or EAGAIN and resume on EPOLLOUT/POLLOUT"},
      {"fd-limit", "out of descriptors (EMFILE) does not spin, and serves again once descriptors are free",
       "keep a spare fd: on EMFILE close it, accept and close the pending connection, reopen it; or stop "
       "polling the listener for a while"},
      {"graceful-shutdown", "on SIGTERM closes its sockets and exits 0",
       "catch SIGTERM, close the listener, finish or close the connections, exit(0)"},
      {"reaps-children", "reaps every child it forks (no zombies), and a SIGCHLD during accept() is no error",
       "install a SIGCHLD handler that loops on waitpid(-1, WNOHANG); restart accept() after EINTR"},
      {"client-sees-failures", "when the server, its host or its route dies, clients learn it the way the kernel "
                               "reports it (FIN, RST, ICMP, a timeout), never a hang",
       "nothing in the server decides this; a failure here means the server did not serve before the fault"},
      {"dead-peer-detection", "frees the connection of a client whose host crashed, eventually (keepalive, "
                              "TCP_USER_TIMEOUT or an idle timeout)",
       "set SO_KEEPALIVE (with TCP_KEEPIDLE/INTVL/CNT), TCP_USER_TIMEOUT, or close connections idle for too long",
       true},
      {std::string_view(kKeepsServing), "after every story a new client is still accepted and answered",
       "an error on one connection must end that connection only, never the accept loop or the process"},
      {std::string_view(kNoSpin), "uses no CPU while nothing happens",
       "remove a descriptor from the poll set once it is at EOF or in error, and do not poll a listener that "
       "accept() cannot serve"},
  };
  return table;
}

const PropertySpec* findProperty(std::string_view name) {
  const auto& t = propertyTable();
  auto it = std::find_if(t.begin(), t.end(), [&](const PropertySpec& p) { return p.name == name; });
  return it == t.end() ? nullptr : &*it;
}

std::vector<std::string> propertyNames() {
  std::vector<std::string> out;
  for (const auto& p : propertyTable()) out.emplace_back(p.name);
  return out;
}

}  // namespace tcpfault::scenario
