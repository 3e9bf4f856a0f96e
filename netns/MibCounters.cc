#include "netns/MibCounters.h"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "netns/Error.h"
#include "netns/Host.h"

namespace tcpfault::netns {
namespace {

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> w;
  for (std::string s; in >> s;) w.push_back(s);
  return w;
}

std::string slurp(const char* path) {
  std::ifstream f(path);
  if (!f) throwErrno(errno, std::string("open ") + path);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

}  // namespace

MibCounters MibCounters::parse(const std::string& text) {
  MibCounters m;
  std::istringstream in(text);
  std::string head, vals;
  // Each section: "TcpExt: name name ..." then "TcpExt: 1 2 ...".
  while (std::getline(in, head) && std::getline(in, vals)) {
    auto h = words(head), v = words(vals);
    if (h.empty() || v.empty() || h[0] != v[0] || h.size() != v.size()) continue;
    std::string prefix = h[0].substr(0, h[0].size() - 1);  // drop ':'
    for (size_t i = 1; i < h.size(); ++i) m.values_[prefix + h[i]] = std::stoll(v[i]);
  }
  return m;
}

MibCounters MibCounters::read(Host& h) {
  std::string text;
  // thread-self: /proc/self/net would show the main thread's namespace, not this one's.
  h.enter([&] { text = slurp("/proc/thread-self/net/netstat") + slurp("/proc/thread-self/net/snmp"); });
  return parse(text);
}

std::optional<int64_t> MibCounters::find(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

int64_t MibCounters::get(const std::string& name) const {
  if (auto v = find(name)) return *v;
  throw std::out_of_range("no MIB counter " + name + " (see /proc/net/netstat, /proc/net/snmp)");
}

MibCounters MibCounters::delta(const MibCounters& since) const {
  MibCounters d;
  for (const auto& [k, v] : values_) d.values_[k] = v - since.find(k).value_or(0);
  return d;
}

}  // namespace tcpfault::netns
