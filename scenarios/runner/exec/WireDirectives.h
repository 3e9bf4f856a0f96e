// The wire directives (drop, loss, delay, reorder, duplicate, corrupt, rate, mtu, inject,
// clear) and mark: handlers bound to their grammar rows in Directives.cc's table.
#pragma once

#include "scenarios/runner/exec/RunContext.h"
#include "scenarios/runner/lang/Scenario.h"

namespace tcpfault::scenario {

StepOutcome wireDrop(RunContext& ctx, const Step& s);
StepOutcome wireLoss(RunContext& ctx, const Step& s);
StepOutcome wireDelay(RunContext& ctx, const Step& s);
StepOutcome wireReorder(RunContext& ctx, const Step& s);
StepOutcome wireDuplicate(RunContext& ctx, const Step& s);
StepOutcome wireCorrupt(RunContext& ctx, const Step& s);
StepOutcome wireRate(RunContext& ctx, const Step& s);
StepOutcome wireMtu(RunContext& ctx, const Step& s);
StepOutcome wireInject(RunContext& ctx, const Step& s);
StepOutcome wireClear(RunContext& ctx, const Step& s);
StepOutcome markStep(RunContext& ctx, const Step& s);

// Before the first step: the run's start mark when a check compares with it (trait
// kBaseline), and sequence tracking of every SRC > DST pair an inject names (trait
// kTracks), so the engine has seen the handshake.
void prepareRun(RunContext& ctx);

}  // namespace tcpfault::scenario
