# The executor and the `scenarios` program (included from scenarios/CMakeLists.txt).
add_library(tcpfault_executor STATIC
  AgentProtocol.cc Agent.cc AgentClient.cc SockAddr.cc SocketOption.cc ResultMatch.cc
  RunContext.cc AgentSteps.cc ExpectSteps.cc Directives.cc ServerLauncher.cc Executor.cc
  Catalogue.cc Runner.cc Privilege.cc Cleanup.cc)
add_library(tcpfault::executor ALIAS tcpfault_executor)
target_link_libraries(tcpfault_executor PUBLIC tcpfault::lang tcpfault::netns tcpfault::reports
                                               fmt::fmt Threads::Threads)

add_executable(scenarios main.cc)
target_link_libraries(scenarios PRIVATE tcpfault::executor CLI11::CLI11)
target_compile_definitions(scenarios PRIVATE TCPFAULT_SCENARIO_DIR="${CMAKE_CURRENT_SOURCE_DIR}")
