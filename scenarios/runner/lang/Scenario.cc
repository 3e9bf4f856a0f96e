// loadScenario() and the keyword lookups on a parsed step.
#include "scenarios/runner/lang/Scenario.h"

#include <cerrno>
#include <cstdio>
#include <memory>

#include "netns/ErrnoName.h"

namespace tcpfault::scenario {
namespace {

constexpr size_t kMaxFileSize = 16 << 20;  // a scenario is a page; refuse anything absurd

[[noreturn]] void unreadable(const std::filesystem::path& path, int err) {
  throw ParseError(path.string(), {}, errnoMessage("cannot read scenario", err), {});
}

}  // namespace

Scenario loadScenario(const std::filesystem::path& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) unreadable(path, errno);
  std::string text;
  char buffer[65536];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
    text.append(buffer, n);
    if (text.size() > kMaxFileSize) unreadable(path, EFBIG);
  }
  if (std::ferror(file.get())) unreadable(path, errno ? errno : EIO);
  return parseScenario(text, path.string());
}

bool flag(const Step& step, std::string_view keyword) {
  for (const Arg& a : step.args)
    if (a.kind == Arg::Kind::Word && a.text == keyword) return true;
  return false;
}

const Arg* option(const Step& step, std::string_view keyword) {
  for (size_t i = 0; i + 1 < step.args.size(); ++i)
    if (step.args[i].kind == Arg::Kind::Word && step.args[i].text == keyword) return &step.args[i + 1];
  return nullptr;
}

}  // namespace tcpfault::scenario
