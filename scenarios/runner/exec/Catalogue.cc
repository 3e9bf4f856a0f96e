#include "scenarios/runner/exec/Catalogue.h"

#include <fnmatch.h>

#include <algorithm>

#include "scenarios/runner/lang/Grammar.h"

namespace tcpfault::scenario {

std::vector<std::filesystem::path> findScenarioFiles(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return out;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == ".scn") out.push_back(it->path());
  std::sort(out.begin(), out.end());
  return out;
}

Loaded loadAll(const std::vector<std::filesystem::path>& files) {
  Loaded l;
  for (const auto& f : files) {
    try {
      l.scenarios.push_back(loadScenario(f));
    } catch (const ParseError& e) {
      l.errors.push_back(e.what());
    }
  }
  return l;
}

bool usesServerUnderTest(const Scenario& sc) {
  for (const auto& s : sc.steps)
    if ((traitsOf(s) & kStartsServer) && !s.args.empty() &&
        s.args[0].text == "$server")
      return true;
  return false;
}

namespace {

bool globMatch(const std::string& pattern, const std::string& text) {
  return ::fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

}  // namespace

namespace {

using Profiles = std::vector<std::shared_ptr<const ServerProfile>>;

// Without chosen targets: the `servers` line, else every reference server that has what
// the scenario needs, else no server at all.
Profiles defaultTargets(const Scenario& sc) {
  Profiles out;
  if (!sc.servers.empty()) {
    for (const auto& name : sc.servers)
      if (auto p = referenceProfile(name)) out.push_back(std::make_shared<const ServerProfile>(*p));
    return out;
  }
  if (!usesServerUnderTest(sc)) return {nullptr};
  for (auto& p : referenceProfiles())
    if (!skipReason(p, sc)) out.push_back(std::make_shared<const ServerProfile>(std::move(p)));
  return out;
}

}  // namespace

std::vector<Job> planJobs(const std::vector<Scenario>& scenarios, const PlanOptions& opts) {
  std::vector<Job> all;
  for (const auto& sc : scenarios) {
    if (!opts.targets.empty() && !usesServerUnderTest(sc)) continue;
    Profiles targets = opts.targets.empty() ? defaultTargets(sc) : opts.targets;
    auto kernelSkip = opts.kernel ? kernelSkipReason(sc.kernels, *opts.kernel) : std::nullopt;
    for (const auto& prof : targets) {
      std::string skip = kernelSkip ? *kernelSkip : prof ? skipReason(*prof, sc).value_or("") : "";
      for (int i = 0; i < opts.repeat; ++i) {
        Job j{&sc, {sc.name, prof ? prof->name : "", sc.group, sc.file, sc.ref, i, opts.repeat}, prof, skip};
        if (opts.filter && !globMatch(*opts.filter, j.id()) && !globMatch(*opts.filter, sc.name))
          continue;
        all.push_back(j);
      }
    }
  }
  // Sharding keeps every Nth job, so shards stay balanced whatever the order.
  std::vector<Job> mine;
  for (size_t i = 0; i < all.size(); ++i)
    if (static_cast<int>(i % static_cast<size_t>(opts.shardCount)) == opts.shardIndex)
      mine.push_back(all[i]);
  return mine;
}

}  // namespace tcpfault::scenario
