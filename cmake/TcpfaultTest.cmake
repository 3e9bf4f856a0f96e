include(GoogleTest)

# tcpfault_add_test(NAME SOURCES a.cc b.cc LIBS lib... [LABELS l...] [TIMEOUT s]
#                   [PROPERTIES prop value ...])
# One GoogleTest executable; each TEST becomes its own CTest case. main() is
# tests/support/TestMain.cc: the runner's rootless privilege path, then the tests.
function(tcpfault_add_test name)
  cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;LIBS;LABELS;PROPERTIES" ${ARGN})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  add_executable(${name} ${T_SOURCES})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  target_link_libraries(${name} PRIVATE ${T_LIBS} tcpfault_testmain GTest::gtest GTest::gmock)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})  # "tests/support/..."
  target_compile_definitions(${name} PRIVATE TCPFAULT_BUILD_DIR="${CMAKE_BINARY_DIR}"
                                             TCPFAULT_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
                       PROPERTIES TIMEOUT ${T_TIMEOUT} LABELS "${T_LABELS}" ${T_PROPERTIES})
endfunction()
