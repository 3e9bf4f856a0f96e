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

// Calls onLine(SourceLine) for each line of text (LF or CRLF ends); returns how many.
template <class OnLine>
int forEachLine(std::string_view file, std::string_view text, OnLine&& onLine) {
  int number = 0;
  for (size_t start = 0; start < text.size();) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view raw = text.substr(start, nl - start);
    if (raw.ends_with('\r')) raw.remove_suffix(1);
    onLine(SourceLine{file, raw, ++number});
    start = nl + 1;
  }
  return number;
}

}  // namespace tcpfault::scenario
