// gcc-style error messages: "FILE:LINE:COL: error: MESSAGE", the line, a caret.
#include <fmt/format.h>

#include "scenarios/runner/lang/Scenario.h"
#include "scenarios/runner/lang/SourceLine.h"

namespace tcpfault::scenario {
namespace {

// Lines longer than this are shown as a window around the column, so a 1 MB line
// gives a readable message.
constexpr size_t kShownWidth = 120;

bool isControl(unsigned char c) { return (c < 0x20 && c != '\t') || c == 0x7f; }

// The line as shown: control bytes (NUL, ESC...) become '?' so the terminal is safe.
std::string shown(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (isControl(static_cast<unsigned char>(c))) c = '?';
  return out;
}

// Spaces up to the column, tabs where the line has tabs, UTF-8 continuation bytes skipped,
// so the caret stands under the byte in a terminal.
std::string caretLine(std::string_view text, size_t col) {
  std::string out;
  for (size_t i = 0; i + 1 < col && i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;
    out += c == '\t' ? '\t' : ' ';
  }
  for (size_t i = text.size() + 1; i < col; ++i) out += ' ';  // past the end of the line
  return out + '^';
}

// Messages quote the offending word; a hostile 1 MB word must not make a 1 MB message.
std::string clipped(std::string message) {
  constexpr size_t kMax = 300;
  if (message.size() <= kMax) return message;
  return message.substr(0, kMax / 2) + "..." + message.substr(message.size() - kMax / 3);
}

std::string format(const std::string& file, SourcePos pos, const std::string& message,
                   std::string_view line, std::string_view expected) {
  std::string out = fmt::format("{}:{}:{}: error: {}\n", file, pos.line, pos.col, message);
  if (pos.line > 0) {
    size_t col = pos.col > 0 ? static_cast<size_t>(pos.col) : 1;
    std::string_view window = line;
    std::string prefix;
    if (line.size() > kShownWidth) {
      size_t start = col > kShownWidth / 2 ? col - kShownWidth / 2 : 0;
      start = std::min(start, line.size());
      window = line.substr(start, kShownWidth);
      if (start > 0) prefix = "...";
      col = col - start + prefix.size();
    }
    std::string text = prefix + shown(window);
    out += fmt::format("  {}\n  {}\n", text, caretLine(text, col));
  }
  if (!expected.empty()) out += fmt::format("  expected: {}\n", expected);
  return out;
}

}  // namespace

ParseError::ParseError(std::string file_, SourcePos pos_, std::string message_,
                       std::string_view sourceLine, std::string_view expected)
    : std::runtime_error(format(file_, pos_, clipped(message_), sourceLine, expected)),
      pos(pos_),
      file(std::move(file_)),
      message(clipped(std::move(message_))) {}

void SourceLine::fail(int col, std::string message, std::string_view expected) const {
  throw ParseError(std::string(file), {number, col}, std::move(message), text, expected);
}

}  // namespace tcpfault::scenario
