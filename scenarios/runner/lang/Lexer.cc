#include "scenarios/runner/lang/Lexer.h"

#include <fmt/format.h>

#include "scenarios/runner/lang/Duration.h"
#include "scenarios/runner/lang/Number.h"

namespace tcpfault::scenario {
namespace {

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string printable(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  if (u < 0x20 || u >= 0x7f) return fmt::format("byte 0x{:02x}", u);
  return fmt::format("character '{}'", c);
}

class LineLexer {
 public:
  explicit LineLexer(const SourceLine& line) : line_(line), text_(line.text) {}

  LexedLine run() {
    LexedLine out;
    while (skipBlanks(), i_ < text_.size() && text_[i_] != '#') out.tokens.push_back(next());
    out.codeEnd = i_;
    return out;
  }

 private:
  int col(size_t at) const { return static_cast<int>(at) + 1; }
  [[noreturn]] void fail(size_t at, std::string message) const { line_.fail(col(at), message); }

  void skipBlanks() {
    while (i_ < text_.size() && isBlank(text_[i_])) ++i_;
  }

  Token next() {
    char c = text_[i_];
    if (c == '"') return string();
    if (c == '=' && i_ + 1 < text_.size() && text_[i_ + 1] == '>') return punct(Token::Kind::Arrow, 2);
    if (c == '=') return punct(Token::Kind::Equals, 1);
    if (c == '&') return punct(Token::Kind::Amp, 1);
    // ">=" and "<=" compare in "expect HOST mib COUNTER >= 1": words, not punctuation.
    if ((c == '>' || c == '<') && i_ + 1 < text_.size() && text_[i_ + 1] == '=')
      return punct(Token::Kind::Word, 2);
    if (c == '>') return punct(Token::Kind::Greater, 1);
    if (c == '<') return punct(Token::Kind::Word, 1);  // "kernel < 6.13"
    if (isWordChar(c)) return word();
    fail(i_, "unexpected " + printable(c));
  }

  Token punct(Token::Kind kind, size_t length) {
    Token t{kind, std::string(text_.substr(i_, length)), 0, 0, {line_.number, col(i_)}, 0};
    i_ += length;
    t.endCol = col(i_);
    return t;
  }

  // A '=' between word characters belongs to the word: "net.ipv4.tcp_retries2=3".
  bool wordContinues() const {
    if (isWordChar(text_[i_])) return true;
    return text_[i_] == '=' && i_ + 1 < text_.size() && isWordChar(text_[i_ + 1]);
  }

  Token word() {
    size_t start = i_;
    while (i_ < text_.size() && wordContinues()) ++i_;
    Token t{Token::Kind::Word, std::string(text_.substr(start, i_ - start)), 0, 0,
            {line_.number, col(start)}, col(i_)};
    classify(t, start);
    return t;
  }

  void classify(Token& t, size_t start) const {
    switch (parseNumber(t.text, t.number)) {
      case NumberParse::Integer: t.kind = Token::Kind::Number; return;
      case NumberParse::Size: t.kind = Token::Kind::Size; return;
      case NumberParse::OutOfRange: fail(start, fmt::format("number '{}' is out of range", t.text));
      case NumberParse::NotNumber: break;
    }
    switch (parseDuration(t.text, t.seconds)) {
      case DurationParse::Ok: t.kind = Token::Kind::Duration; return;
      case DurationParse::OutOfRange:
        fail(start, fmt::format("duration '{}' is out of range (at most {})", t.text,
                                formatDuration(kMaxDurationSeconds)));
      case DurationParse::NotDuration: break;
    }
  }

  Token string() {
    size_t start = i_++;
    std::string value;
    while (i_ < text_.size() && text_[i_] != '"') {
      if (text_[i_] == '\0') fail(i_, "NUL byte in a string (write \\0)");
      if (text_[i_] == '\\') value += escape();
      else value += text_[i_++];
    }
    if (i_ >= text_.size()) fail(start, "unterminated string");
    ++i_;
    return Token{Token::Kind::String, std::move(value), 0, 0, {line_.number, col(start)}, col(i_)};
  }

  // At a backslash: consumes the escape sequence and returns the byte it stands for.
  char escape() {
    size_t at = i_++;
    if (i_ >= text_.size()) fail(at, "unterminated string");
    char c = text_[i_++];
    switch (c) {
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case '0': return '\0';
      case '\\': return '\\';
      case '"': return '"';
      case 'x': return hexEscape(at);
      default:
        fail(at, fmt::format("unknown escape '\\{}' in a string (known: \\n \\r \\t \\0 \\\\ \\\" \\xHH)",
                             printable(c).starts_with("byte") ? '?' : c));
    }
  }

  char hexEscape(size_t at) {
    int hi = i_ < text_.size() ? hexValue(text_[i_]) : -1;
    int lo = i_ + 1 < text_.size() ? hexValue(text_[i_ + 1]) : -1;
    if (hi < 0 || lo < 0) fail(at, "'\\x' needs two hex digits, e.g. \\x0a");
    i_ += 2;
    return static_cast<char>(hi * 16 + lo);
  }

  const SourceLine& line_;
  std::string_view text_;
  size_t i_ = 0;
};

}  // namespace

bool isWordChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("_-.:/[],+%*${}@~").find(c) != std::string_view::npos;
}

LexedLine lexLine(const SourceLine& line) { return LineLexer(line).run(); }

size_t commentStart(std::string_view text) {
  bool inString = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inString && c == '\\') ++i;
    else if (c == '"') inString = !inString;
    else if (c == '#' && !inString) return i;
  }
  return text.size();
}

// Long tokens are shortened so that a message stays one readable line.
std::string describe(const Token& token) {
  constexpr size_t kShown = 40;
  if (token.text.size() > kShown) {
    Token head = token;
    head.text = token.text.substr(0, kShown);
    return describe(head) + "...";
  }
  if (token.kind != Token::Kind::String) return token.text;
  std::string out = "\"";
  for (char c : token.text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '\n') out += "\\n";
    else if (c == '"' || c == '\\') out += std::string("\\") + c;
    else if (u < 0x20 || u == 0x7f) out += fmt::format("\\x{:02x}", u);
    else out += c;
  }
  return out + "\"";
}

Arg toArg(const Token& token) {
  Arg a;
  a.text = token.text;
  a.number = token.number;
  a.seconds = token.seconds;
  a.pos = token.pos;
  switch (token.kind) {
    case Token::Kind::String: a.kind = Arg::Kind::String; break;
    case Token::Kind::Number: a.kind = Arg::Kind::Number; break;
    case Token::Kind::Size: a.kind = Arg::Kind::Size; break;
    case Token::Kind::Duration: a.kind = Arg::Kind::Duration; break;
    default: a.kind = Arg::Kind::Word; break;
  }
  return a;
}

}  // namespace tcpfault::scenario
