// libFuzzer target: parseScenario must return or throw ParseError on any input, with a
// message in the FILE:LINE:COL: error: form. Build: CXX=clang++ cmake -DTCPFAULT_FUZZ=ON.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "scenarios/runner/lang/Scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    tcpfault::scenario::parseScenario(text, "fuzz.scn");
  } catch (const tcpfault::scenario::ParseError& e) {
    std::string_view what = e.what();
    if (!what.starts_with("fuzz.scn:") || what.find(": error: ") == std::string_view::npos ||
        e.pos.line <= 0 || e.pos.col <= 0 || !what.ends_with('\n'))
      std::abort();  // a malformed message is a finding
  }
  return 0;  // any other exception escapes and libFuzzer reports it
}
