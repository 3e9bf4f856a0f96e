// One line of a scenario file, with what an error message needs to point into it.
#pragma once

#include <string>
#include <string_view>

namespace tcpfault::scenario {

struct SourceLine {
  std::string_view file;
  std::string_view text;  // without the newline (and without a CR before it)
  int number = 0;         // 1-based

  // Throws ParseError at column col (1-based) of this line.
  [[noreturn]] void fail(int col, std::string message, std::string_view expected = {}) const;
};

}  // namespace tcpfault::scenario
