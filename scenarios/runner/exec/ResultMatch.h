// Comparing what a call returned (or how its agent died) with the `=>` expectation.
#pragma once

#include <string>

#include "scenarios/runner/agent/AgentClient.h"
#include "scenarios/runner/exec/RunContext.h"
#include "scenarios/runner/lang/Scenario.h"

namespace tcpfault::scenario {

struct ReplySpec;

// "3", "-1 ECONNRESET", "5 \"hi\\n\"", "killed by SIGPIPE", "still blocked after 2.0s"
std::string describeResult(const AgentResult& r, double waitedSeconds);
std::string quoteData(const std::string& data, size_t max = 60);

// No expectation means "=> ok": an unexpected error or death fails the step.
// within/after are compared with the call's own duration (scaled by timeScale).
// reply: what `=> $reply` accepts (the profile's), null when there is none.
StepOutcome matchResult(const AgentResult& r, const Step& step, double timeScale,
                        double waitedSeconds, const ReplySpec* reply = nullptr);

}  // namespace tcpfault::scenario
