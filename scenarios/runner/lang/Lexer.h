// Splits one scenario line into tokens: words, "strings", numbers, sizes, durations and
// the punctuation = => & >. '#' outside a string starts a comment.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "scenarios/runner/lang/Scenario.h"
#include "scenarios/runner/lang/SourceLine.h"

namespace tcpfault::scenario {

struct Token {
  enum class Kind { Word, String, Number, Size, Duration, Equals, Arrow, Amp, Greater };
  Kind kind = Kind::Word;
  std::string text;      // as written; String: the unescaped bytes
  long long number = 0;  // Number; Size: bytes
  double seconds = 0;    // Duration
  SourcePos pos;
  int endCol = 0;        // column one past the token's last byte

  bool isWord(std::string_view w) const { return kind == Kind::Word && text == w; }
};

struct LexedLine {
  std::vector<Token> tokens;
  size_t codeEnd = 0;  // byte offset where the comment (or the line) begins
};

// Throws ParseError on a character outside the language, a bad escape, an unterminated
// string, or a number/duration out of range.
LexedLine lexLine(const SourceLine& line);

// Offset of the first '#' outside a string, or text.size(); never throws.
size_t commentStart(std::string_view text);

// Blanks between tokens: space, tab, CR, VT, FF (a newline ends the line instead).
inline bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

// The word characters: letters, digits and _ - . : / [ ] , + % * $ { } @ ~
bool isWordChar(char c);

// "write" for a Word, "\"hi\"" for a String, "=>" for an Arrow: for messages.
std::string describe(const Token& token);

Arg toArg(const Token& token);

}  // namespace tcpfault::scenario
