# libFuzzer targets (cmake -DTCPFAULT_FUZZ=ON with CXX=clang++; the "fuzz" preset).
# Each fuzzer compiles the parser it drives again, with coverage and ASan+UBSan, so that
# libFuzzer sees inside it; what the parser links besides (fmt, libpcap) stays as is.
# scripts/fuzz builds and runs them for a bounded time on their seed corpus (tests/fuzz/).
option(TCPFAULT_FUZZ "Build the libFuzzer targets (needs clang)" OFF)
if(TCPFAULT_FUZZ AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(WARNING "TCPFAULT_FUZZ needs clang (CXX=clang++); no fuzz targets built")
endif()

# tcpfault_add_fuzzer(NAME SOURCES a.cc ... [LIBS lib...])
function(tcpfault_add_fuzzer name)
  if(NOT TCPFAULT_FUZZ OR NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    return()
  endif()
  cmake_parse_arguments(F "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${F_SOURCES})
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined
                                         -fno-sanitize-recover=all)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PRIVATE ${F_LIBS})
endfunction()
