# The reference servers: the one list. Each row is "NAME|TRAITS|MODEL"; servers/NAME.cc
# (dashes as underscores) is its source, build/NAME its binary. TRAITS, comma-separated,
# say what a client may expect of it:
#   echo     every byte comes back (tests/servers EchoServers, echo-bench)
#   chat     a line goes to every other client
# The build, the tests (TEST_P over the registry), echo-bench and the scenario runner
# ($server, --server) all read this list through the generated servers/ServerRegistry.h.
# Adding a server = its source file + one row here.
set(TCPFAULT_SERVER_REGISTRY
  "fork-echo|echo|one child process per connection (UNP 5)"
  "epoll-lt-echo|echo|level-triggered epoll, blocking sockets"
  "epoll-et-echo|echo|edge-triggered epoll, non-blocking, outbox per connection"
  "epoll-pool-echo|echo|EPOLLET|EPOLLONESHOT with a worker pool"
  "epoll-chat|chat|edge-triggered epoll chat with back-pressure"
  "poll-echo|echo|level-triggered poll(2)"
  "select-echo|echo|level-triggered select(2), fds below FD_SETSIZE")

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
