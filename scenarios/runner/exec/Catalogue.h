// Finding and loading scenario files, and planning runs (scenario x server).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "reports/record/RunRecord.h"
#include "scenarios/runner/exec/ServerProfile.h"
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

// One planned run: the scenario, and the run's identity (server: the profile's name or
// ""), made once here and copied into its record. A job with a skip reason is recorded
// as skipped without running: the kernel is not one the story holds on, or the server
// lacks what the scenario needs.
struct Job {
  const Scenario* sc = nullptr;
  report::RunIdentity run;
  std::shared_ptr<const ServerProfile> profile;  // null when the scenario starts no $server
  std::string skip;
  std::string id() const { return run.id(); }
};

struct PlanOptions {
  std::optional<std::string> filter;      // glob on the run id and on the scenario name
  // --server / --server-cmd / --profile: every $server scenario runs against each, or is
  // skipped with the reason; empty: each scenario's `servers` line (or every reference
  // server with the traits it needs).
  std::vector<std::shared_ptr<const ServerProfile>> targets;
  int repeat = 1;
  int shardIndex = 0, shardCount = 1;
  // The kernel a story's `kernel` lines are held against (skipped with the reason where
  // one does not hold); nullopt: none is (--list).
  std::optional<KernelVersion> kernel;
};

// Does the scenario start `$server`? Only those run against chosen targets.
bool usesServerUnderTest(const Scenario& sc);
std::vector<Job> planJobs(const std::vector<Scenario>& scenarios, const PlanOptions& opts);

}  // namespace tcpfault::scenario
