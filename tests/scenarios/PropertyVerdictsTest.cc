// Which property a story's failure is charged to: `checks`, or `setup-checks` when the
// story failed before its first fault step ran.
#include <gtest/gtest.h>

#include "scenarios/runner/exec/PropertyVerdicts.h"

namespace tcpfault::scenario {
namespace {

report::StepRecord step(int line, std::string outcome, bool fault = false) {
  report::StepRecord s;
  s.line = line;
  s.text = "step at " + std::to_string(line);
  s.outcome = std::move(outcome);
  s.fault = fault;
  return s;
}

report::RunRecord failedAt(int line, bool faultBefore) {
  report::RunRecord rec;
  rec.status = report::Status::Fail;
  rec.failedLine = line;
  rec.message = "expected client TcpExtTCPWinProbe >= 1, got +0";
  rec.steps = {step(20, "ok"), step(25, "ok", faultBefore), step(line, "failed")};
  return rec;
}

Scenario resetMidWrite() {
  Scenario sc;
  sc.checks = "survives-reset";
  sc.setupChecks = "slow-reader";
  return sc;
}

TEST(PropertyVerdicts, AFailureBeforeTheFaultIsChargedToTheSetupProperty) {
  report::RunRecord rec = failedAt(31, false);
  judgeStoryProperty(resetMidWrite(), rec);
  ASSERT_EQ(rec.properties.size(), 1u);
  EXPECT_EQ(rec.properties[0].name, "slow-reader");
  EXPECT_EQ(rec.properties[0].verdict, "fail");
  EXPECT_EQ(rec.properties[0].line, 31);
  EXPECT_EQ(rec.properties[0].step, "step at 31");
}

TEST(PropertyVerdicts, AFailureAfterTheFaultIsChargedToTheStoryProperty) {
  report::RunRecord rec = failedAt(36, true);
  judgeStoryProperty(resetMidWrite(), rec);
  ASSERT_EQ(rec.properties.size(), 1u);
  EXPECT_EQ(rec.properties[0].name, "survives-reset");
  EXPECT_EQ(rec.properties[0].verdict, "fail");
}

TEST(PropertyVerdicts, WithoutSetupChecksEveryFailureIsTheStorys) {
  Scenario sc = resetMidWrite();
  sc.setupChecks.clear();
  report::RunRecord rec = failedAt(31, false);
  judgeStoryProperty(sc, rec);
  ASSERT_EQ(rec.properties.size(), 1u);
  EXPECT_EQ(rec.properties[0].name, "survives-reset");
}

TEST(PropertyVerdicts, APassDecidesTheStoryPropertyOnly) {
  report::RunRecord rec;
  rec.status = report::Status::Pass;
  judgeStoryProperty(resetMidWrite(), rec);
  ASSERT_EQ(rec.properties.size(), 1u);
  EXPECT_EQ(rec.properties[0].name, "survives-reset");
  EXPECT_EQ(rec.properties[0].verdict, "pass");
}

}  // namespace
}  // namespace tcpfault::scenario
