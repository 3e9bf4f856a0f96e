// Finding and loading scenario files, and planning runs (scenario x server).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "reports/record/RunRecord.h"
#include "scenarios/runner/lang/Scenario.h"

namespace tcpfault::scenario {

// Every *.scn below dir, sorted by path. A missing dir gives none.
std::vector<std::filesystem::path> findScenarioFiles(const std::filesystem::path& dir);

// Loads every file; every parse error is collected (formatted), none is thrown, so the
// caller can print all of them at once.
struct Loaded {
  std::vector<Scenario> scenarios;
  std::vector<std::string> errors;  // formatted "file:line:col: error: ..."
};
Loaded loadAll(const std::vector<std::filesystem::path>& files);

// One planned run: the scenario, and the run's identity (server: a reference name,
// "custom" or ""), made once here and copied into its record.
struct Job {
  const Scenario* sc = nullptr;
  report::RunIdentity run;
  std::string id() const { return run.id(); }
};

struct PlanOptions {
  std::optional<std::string> filter;      // glob on the run id and on the scenario name
  std::optional<std::string> server;      // only runs against this reference server
  bool customServer = false;              // --server-cmd: one run per $server scenario
  int repeat = 1;
  int shardIndex = 0, shardCount = 1;
};

// Does the scenario start `$server`? Only those run against a user's --server-cmd.
bool usesServerUnderTest(const Scenario& sc);
std::vector<Job> planJobs(const std::vector<Scenario>& scenarios, const PlanOptions& opts);

}  // namespace tcpfault::scenario
