// Kernel versions and the conditions a story states on them: "kernel >= 6.13" as a
// metadata line (the whole story) or "when kernel < 6.13 STEP" (one step). Some truths
// are a kernel's: since 6.5 the first SYN retransmissions are linear, older kernels back off.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tcpfault::scenario {

struct KernelVersion {
  int major = 0, minor = 0, patch = 0;
  std::string release;  // as uname(2) or the file wrote it: "6.1.0-50-amd64", "6.13"
  auto operator<=>(const KernelVersion& o) const {
    if (auto c = major <=> o.major; c != 0) return c;
    if (auto c = minor <=> o.minor; c != 0) return c;
    return patch <=> o.patch;
  }
  bool operator==(const KernelVersion& o) const { return (*this <=> o) == 0; }
};

// "kernel >= 6.13": holds when the kernel's version compares so with `version`.
struct KernelCondition {
  enum class Op { Less, LessEqual, Greater, GreaterEqual };
  Op op = Op::GreaterEqual;
  KernelVersion version;  // release: as written, "6.13"
  int line = 0;           // where it is written
  bool holds(const KernelVersion& kernel) const;
  std::string text() const;  // "kernel >= 6.13"
};

// A version written in a scenario: MAJOR.MINOR or MAJOR.MINOR.PATCH, digits only.
std::optional<KernelVersion> parseKernelVersion(std::string_view text);

// uname's release: the leading MAJOR.MINOR[.PATCH] of "6.1.0-50-amd64" or "6.18.1+deb13".
std::optional<KernelVersion> parseKernelRelease(std::string_view release);

// The running kernel, from uname(2).
KernelVersion runningKernel();

// The comparison operators a condition may use, for messages: ">= > <= <".
std::string_view kernelOperators();

// Where the story holds: nullopt when every condition holds on `kernel`, else the reason
// of a skip: "holds on kernel >= 6.13; this kernel is 6.1.0-50-amd64".
std::optional<std::string> kernelSkipReason(const std::vector<KernelCondition>& conditions,
                                            const KernelVersion& kernel);

}  // namespace tcpfault::scenario
