#include "scenarios/runner/lang/KernelVersion.h"

#include <sys/utsname.h>

#include <charconv>
#include <fmt/format.h>

namespace tcpfault::scenario {
namespace {

// Reads digits at text[i...] into out; false when there are none or too many.
bool number(std::string_view text, size_t& i, int& out) {
  size_t start = i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  if (i == start || i - start > 6) return false;
  std::from_chars(text.data() + start, text.data() + i, out);
  return true;
}

// MAJOR.MINOR[.PATCH] at the start of text; `end` is where it stopped.
std::optional<KernelVersion> leadingVersion(std::string_view text, size_t& end) {
  KernelVersion v;
  size_t i = 0;
  if (!number(text, i, v.major) || i >= text.size() || text[i] != '.') return std::nullopt;
  ++i;
  if (!number(text, i, v.minor)) return std::nullopt;
  if (i < text.size() && text[i] == '.' && i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9') {
    ++i;
    if (!number(text, i, v.patch)) return std::nullopt;
  }
  v.release = std::string(text);
  end = i;
  return v;
}

std::string_view opText(KernelCondition::Op op) {
  switch (op) {
    case KernelCondition::Op::Less: return "<";
    case KernelCondition::Op::LessEqual: return "<=";
    case KernelCondition::Op::Greater: return ">";
    case KernelCondition::Op::GreaterEqual: return ">=";
  }
  return "?";
}

}  // namespace

bool KernelCondition::holds(const KernelVersion& kernel) const {
  switch (op) {
    case Op::Less: return kernel < version;
    case Op::LessEqual: return kernel <= version;
    case Op::Greater: return kernel > version;
    case Op::GreaterEqual: return kernel >= version;
  }
  return false;
}

std::string KernelCondition::text() const { return fmt::format("kernel {} {}", opText(op), version.release); }

std::optional<KernelVersion> parseKernelVersion(std::string_view text) {
  size_t end = 0;
  auto v = leadingVersion(text, end);
  if (!v || end != text.size()) return std::nullopt;
  return v;
}

std::optional<KernelVersion> parseKernelRelease(std::string_view release) {
  size_t end = 0;
  return leadingVersion(release, end);
}

KernelVersion runningKernel() {
  struct utsname u {};
  if (::uname(&u) == 0)
    if (auto v = parseKernelRelease(u.release)) return *v;
  // uname never fails on Linux; a release that is not MAJOR.MINOR compares as 0.0.
  KernelVersion unknown;
  unknown.release = u.release[0] ? u.release : "unknown";
  return unknown;
}

std::string_view kernelOperators() { return ">= > <= <"; }

std::optional<std::string> kernelSkipReason(const std::vector<KernelCondition>& conditions,
                                            const KernelVersion& kernel) {
  std::vector<std::string> all;
  bool holds = true;
  for (const auto& c : conditions) {
    all.push_back(c.text());
    holds = holds && c.holds(kernel);
  }
  if (holds) return std::nullopt;
  return fmt::format("holds on {}; this kernel is {}", fmt::join(all, " and "), kernel.release);
}

}  // namespace tcpfault::scenario
