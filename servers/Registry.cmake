# The reference servers: the one list. Each row is "NAME|TRAITS|MODEL"; servers/NAME.cc
# (dashes as underscores) is its source, build/NAME its binary. TRAITS, comma-separated,
# say what a client may expect of it:
#   echo     every byte comes back (tests/servers EchoServers, echo-bench)
#   chat     a line goes to every other client
# and the scenario traits (scenarios/README.md, "Traits"): a scenario's `needs` line
# runs only against servers that list all it needs; the others are skipped with why.
# The build, the tests (TEST_P over the registry), echo-bench and the scenario runner
# ($server, --server) all read this list through the generated servers/ServerRegistry.h.
# Adding a server = its source file + one row here.
set(TCPFAULT_SERVER_REGISTRY
  "fork-echo|echo,fork,reap,logs-accept-errors,logs-reaps,ipv6,exit0-on-sigterm|one child process per connection (UNP 5)"
  "epoll-lt-echo|echo,ipv6,exit0-on-sigterm,fd-limit|level-triggered epoll, blocking sockets"
  "epoll-et-echo|echo,ipv6,exit0-on-sigterm,fd-limit|edge-triggered epoll, non-blocking, outbox per connection"
  "epoll-pool-echo|echo,ipv6,exit0-on-sigterm,fd-limit,thread-pool|EPOLLET|EPOLLONESHOT with a worker pool"
  "epoll-chat|chat,broadcast,ipv6,exit0-on-sigterm|edge-triggered epoll chat with back-pressure"
  "poll-echo|echo,ipv6,exit0-on-sigterm,fd-limit|level-triggered poll(2)"
  "select-echo|echo,ipv6,exit0-on-sigterm|level-triggered select(2), fds below FD_SETSIZE")

# TCPFAULT_SERVERS: the names in registry order. The header: one constexpr row each.
set(TCPFAULT_SERVERS "")
set(_rows "")
foreach(row IN LISTS TCPFAULT_SERVER_REGISTRY)
  string(FIND "${row}" "|" _a)
  string(SUBSTRING "${row}" 0 ${_a} _name)
  math(EXPR _a "${_a} + 1")
  string(SUBSTRING "${row}" ${_a} -1 _rest)
  string(FIND "${_rest}" "|" _b)
  string(SUBSTRING "${_rest}" 0 ${_b} _traits)
  math(EXPR _b "${_b} + 1")
  string(SUBSTRING "${_rest}" ${_b} -1 _model)
  list(APPEND TCPFAULT_SERVERS ${_name})
  string(APPEND _rows "    {\"${_name}\", \"${_traits}\", \"${_model}\"},\n")
endforeach()
list(LENGTH TCPFAULT_SERVERS TCPFAULT_SERVER_COUNT)
set(TCPFAULT_SERVER_ROWS "${_rows}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/ServerRegistry.h.in
               ${CMAKE_BINARY_DIR}/generated/servers/ServerRegistry.h @ONLY)
add_library(tcpfault_serverregistry INTERFACE)
add_library(tcpfault::serverregistry ALIAS tcpfault_serverregistry)
target_include_directories(tcpfault_serverregistry INTERFACE ${CMAKE_BINARY_DIR}/generated)
