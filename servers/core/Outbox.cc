#include "servers/core/Outbox.h"

#include "servers/core/Io.h"

namespace tcpfault::servers {

void Outbox::append(std::string_view data) {
  if (off_ > 0 && off_ >= buf_.size() / 2) {  // compact before growing
    buf_.erase(0, off_);
    off_ = 0;
  }
  buf_.append(data);
}

void Outbox::clear() {
  std::string().swap(buf_);  // give the memory back: idle connections stay small
  off_ = 0;
}

int Outbox::flush(int fd) {
  while (!empty()) {
    IoResult r = sendSome(fd, buf_.data() + off_, size());
    if (r.wouldBlock()) return 0;
    if (!r.ok()) return r.err;
    off_ += static_cast<size_t>(r.n);
  }
  clear();
  return 0;
}

int Outbox::send(int fd, std::string_view data) {
  if (!empty()) {  // keep the order: queued bytes go first
    append(data);
    return flush(fd);
  }
  while (!data.empty()) {
    IoResult r = sendSome(fd, data.data(), data.size());
    if (r.wouldBlock()) break;
    if (!r.ok()) return r.err;
    data.remove_prefix(static_cast<size_t>(r.n));
  }
  if (!data.empty()) append(data);
  return 0;
}

}  // namespace tcpfault::servers
