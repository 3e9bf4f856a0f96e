// AddressBook: numeric address -> host name ("198.18.1.2" -> "client"), as segments show them.
// Keys are canonicalised through inet_pton/inet_ntop, so "2001:DB8:0::2" finds "2001:db8::2".
#pragma once

#include <map>
#include <string>

namespace tcpfault::report {

class AddressBook {
 public:
  AddressBook() = default;
  explicit AddressBook(const std::map<std::string, std::string>& addrToHost);

  // The host name for a numeric address; the address itself when unknown.
  std::string name(const std::string& addr) const;

 private:
  std::map<std::string, std::string> names_;
};

// inet_ntop's form of a numeric IPv4/IPv6 address; the input unchanged if it is not one.
std::string canonicalAddress(const std::string& addr);

}  // namespace tcpfault::report
