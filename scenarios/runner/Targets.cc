#include "scenarios/runner/Targets.h"

#include <algorithm>

namespace tcpfault::scenario {

namespace fs = std::filesystem;

bool Target::selects(const Scenario& sc) const {
  if (isFile) return fs::path(sc.file) == fs::path(text);
  return sc.name == text || fs::path(sc.file).stem() == text;
}

std::vector<Target> parseTargets(const std::vector<std::string>& args) {
  std::vector<Target> out;
  for (const auto& a : args) out.push_back({a, a.ends_with(".scn") || fs::is_regular_file(a)});
  return out;
}

std::vector<fs::path> targetFiles(const std::vector<Target>& targets) {
  std::vector<fs::path> out;
  for (const auto& t : targets)
    if (t.isFile) out.emplace_back(t.text);
  return out;
}

const Target* unmatchedTarget(const std::vector<Target>& targets, const std::vector<Scenario>& all) {
  for (const auto& t : targets)
    if (!t.isFile && std::none_of(all.begin(), all.end(), [&](const Scenario& s) { return t.selects(s); }))
      return &t;
  return nullptr;
}

}  // namespace tcpfault::scenario
