#include "reports/TerminalSafe.h"

#include <fmt/format.h>

#include "reports/Utf8.h"

namespace tcpfault::report {

std::string terminalSafe(std::string_view text) {
  std::string valid = validUtf8(text);
  std::string out;
  out.reserve(valid.size());
  for (size_t i = 0; i < valid.size();) {
    size_t start = i;
    char32_t c = nextCodePoint(valid, i);
    if (c == U'\n' || c == U'\t' || (c >= 0x20 && c < 0x7f) || c > 0x9f)
      out.append(valid, start, i - start);
    else if (c < 0x80)
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
    else
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
  }
  return out;
}

}  // namespace tcpfault::report
