#include "reports/capture/AddressBook.h"

#include <arpa/inet.h>
#include <netinet/in.h>

namespace tcpfault::report {

std::string canonicalAddress(const std::string& addr) {
  unsigned char buf[sizeof(in6_addr)];
  char text[INET6_ADDRSTRLEN];
  for (int family : {AF_INET, AF_INET6}) {
    if (inet_pton(family, addr.c_str(), buf) == 1 &&
        inet_ntop(family, buf, text, sizeof text) != nullptr)
      return text;
  }
  return addr;
}

AddressBook::AddressBook(const std::map<std::string, std::string>& addrToHost) {
  for (const auto& [addr, host] : addrToHost) names_[canonicalAddress(addr)] = host;
}

std::string AddressBook::name(const std::string& addr) const {
  auto it = names_.find(addr);
  return it == names_.end() ? addr : it->second;
}

}  // namespace tcpfault::report
