// A small streaming JSON writer: objects, arrays, strings, numbers, booleans, null,
// pretty-printed with two-space indentation. Strings are made valid UTF-8 and escaped
// (", \, and control characters as \n, \r, \t or \u00XX); other UTF-8 passes through.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tcpfault::report {

// "text" as a JSON string literal, quotes included.
std::string jsonQuote(std::string_view text);

class JsonWriter {
 public:
  JsonWriter& beginObject();
  JsonWriter& endObject();
  JsonWriter& beginArray();
  JsonWriter& endArray();
  JsonWriter& key(std::string_view name);  // inside an object, before each value

  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(double d);  // NaN and infinities as null
  JsonWriter& value(int64_t i);
  JsonWriter& value(uint64_t u);
  JsonWriter& value(int i) { return value(static_cast<int64_t>(i)); }
  JsonWriter& value(unsigned u) { return value(static_cast<uint64_t>(u)); }
  JsonWriter& value(bool b);
  JsonWriter& null();

  // key(name).value(v) in one call.
  template <typename T>
  JsonWriter& field(std::string_view name, const T& v) {
    return key(name).value(v);
  }

  // The document so far; complete once every begin has its end.
  const std::string& str() const { return out_; }

 private:
  void beforeValue();
  void newline();
  JsonWriter& open(char c);
  JsonWriter& close(char c);
  JsonWriter& raw(std::string_view text);

  std::string out_;
  std::vector<bool> hasItems_;  // per open container: something was written in it
  bool afterKey_ = false;
};

}  // namespace tcpfault::report
