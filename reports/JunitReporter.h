// JUnit XML (DIR/junit.xml) in the common schema that GitLab (artifacts:reports:junit),
// Jenkins and GitHub test-report actions read: a <testsuite> per scenario group, a
// <testcase name="scenario [server]" classname="tcpfault.GROUP"> per run, with <failure>,
// <skipped> or <error>, and the step log and run log in <system-out>.
#pragma once

#include <string>

#include "reports/Reporter.h"

namespace tcpfault::report {

std::string junitDocument(const std::vector<RunRecord>& runs, double wallSeconds);

}  // namespace tcpfault::report
