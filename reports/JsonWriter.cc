#include "reports/JsonWriter.h"

#include <fmt/format.h>

#include <cmath>

#include "reports/Utf8.h"

namespace tcpfault::report {

std::string jsonQuote(std::string_view text) {
  std::string out = "\"";
  for (char c : validUtf8(text)) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        else
          out += c;
    }
  }
  return out + "\"";
}

void JsonWriter::newline() {
  out_ += '\n';
  out_.append(2 * hasItems_.size(), ' ');
}

// A value goes after a key, or as the next item of an array (comma, new line), or alone.
void JsonWriter::beforeValue() {
  if (afterKey_) {
    afterKey_ = false;
    return;
  }
  if (hasItems_.empty()) return;
  if (hasItems_.back()) out_ += ',';
  hasItems_.back() = true;
  newline();
}

JsonWriter& JsonWriter::open(char c) {
  beforeValue();
  out_ += c;
  hasItems_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::close(char c) {
  bool hadItems = !hasItems_.empty() && hasItems_.back();
  if (!hasItems_.empty()) hasItems_.pop_back();
  if (hadItems) newline();
  out_ += c;
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view text) {
  beforeValue();
  out_ += text;
  return *this;
}

JsonWriter& JsonWriter::beginObject() { return open('{'); }
JsonWriter& JsonWriter::endObject() { return close('}'); }
JsonWriter& JsonWriter::beginArray() { return open('['); }
JsonWriter& JsonWriter::endArray() { return close(']'); }

JsonWriter& JsonWriter::key(std::string_view name) {
  beforeValue();
  out_ += jsonQuote(name);
  out_ += ": ";
  afterKey_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view s) { return raw(jsonQuote(s)); }
JsonWriter& JsonWriter::value(double d) {
  return std::isfinite(d) ? raw(fmt::format("{}", d)) : null();
}
JsonWriter& JsonWriter::value(int64_t i) { return raw(fmt::format("{}", i)); }
JsonWriter& JsonWriter::value(uint64_t u) { return raw(fmt::format("{}", u)); }
JsonWriter& JsonWriter::value(bool b) { return raw(b ? "true" : "false"); }
JsonWriter& JsonWriter::null() { return raw("null"); }

}  // namespace tcpfault::report
