// Splits the runner <-> agent byte stream into lines: each byte is looked at once however
// the stream is cut into reads, and a line longer than the bound is refused rather than
// buffered for ever.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tcpfault::scenario {

class LineBuffer {
 public:
  explicit LineBuffer(size_t maxLine) : maxLine_(maxLine) {}

  void append(std::string_view bytes) { buf_.append(bytes); }
  // The next complete line, without its '\n'; nullopt when none is complete yet.
  std::optional<std::string> next();
  // The incomplete line at the end is already longer than the bound: the stream is broken.
  bool overflowed() const { return buf_.size() - start_ > maxLine_; }
  // Bytes searched for '\n' so far (a test holds it linear in the input).
  size_t examined() const { return examined_; }

 private:
  size_t maxLine_;
  std::string buf_;
  size_t start_ = 0;     // where the next line begins
  size_t scanned_ = 0;   // buf_[start_, scanned_) holds no '\n'
  size_t examined_ = 0;
};

}  // namespace tcpfault::scenario
