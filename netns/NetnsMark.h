// Named network namespaces (/run/netns/NAME) are shared with every other tool on the
// machine; tcpfault's own hosts are never named there. Only netns-bench's `ip`-based
// topology names some, and it marks each: a name "tf-<tool>-<pid>-<role>" plus a marker
// file /run/tcpfault/netns/NAME holding the namespace's device and inode. `--cleanup`
// removes a namespace only when both say it is ours (a namespace someone made with
// `ip netns add tf-anything` has no marker, and a marker names one namespace, not a
// later one of the same name).
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

namespace tcpfault::netns {

inline constexpr const char* kNamedNetnsDir = "/run/netns";
inline constexpr const char* kNetnsMarkDir = "/run/tcpfault/netns";

// "tf-<tool>-<pid>-<role>": lowercase tool, a pid, one or more lowercase/digit words.
bool isTcpfaultNetnsName(std::string_view name);

struct NetnsIdentity {
  dev_t dev = 0;
  ino_t ino = 0;
  bool operator==(const NetnsIdentity&) const = default;
};

// Records that /run/netns/NAME (just made) is ours. Throws std::system_error.
void markNamedNetns(const std::string& name);
// Forgets the marker (the namespace was deleted); a missing marker is fine.
void unmarkNamedNetns(const std::string& name);
// What the marker says the namespace is; nullopt without a (well-formed) marker, or when
// the marker file is not root's regular file.
std::optional<NetnsIdentity> markedNetns(const std::string& name);

}  // namespace tcpfault::netns
