#include "scenarios/runner/agent/LineBuffer.h"

#include <algorithm>

namespace tcpfault::scenario {

std::optional<std::string> LineBuffer::next() {
  size_t from = std::max(start_, scanned_);
  size_t nl = buf_.find('\n', from);
  examined_ += (nl == std::string::npos ? buf_.size() : nl + 1) - from;
  if (nl == std::string::npos) {
    scanned_ = buf_.size();
    return std::nullopt;
  }
  std::string line = buf_.substr(start_, nl - start_);
  start_ = scanned_ = nl + 1;
  if (start_ > buf_.size() / 2) {  // drop what was taken, in amortised linear time
    buf_.erase(0, start_);
    scanned_ -= start_;
    start_ = 0;
  }
  return line;
}

}  // namespace tcpfault::scenario
