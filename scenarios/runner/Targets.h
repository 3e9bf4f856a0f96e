// What the command line's targets name, decided once: a .scn file (by path: it ends in
// .scn or is a file) or a scenario (by name or by its file's stem).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "scenarios/runner/lang/Scenario.h"

namespace tcpfault::scenario {

struct Target {
  std::string text;
  bool isFile = false;
  bool selects(const Scenario& sc) const;
};

std::vector<Target> parseTargets(const std::vector<std::string>& args);

// The targets that are files, to be loaded besides the scenario folders.
std::vector<std::filesystem::path> targetFiles(const std::vector<Target>& targets);

// The first target that selects none of the scenarios, or nullptr.
const Target* unmatchedTarget(const std::vector<Target>& targets, const std::vector<Scenario>& all);

}  // namespace tcpfault::scenario
