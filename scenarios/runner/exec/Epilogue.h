// The epilogue after every `$server` story whose steps all held. The story's clients go
// away (their agents are killed: every socket closes as a dying process's does), then:
//   keeps-serving  a fresh client is accepted and answered;
//   no-leak        the server's descriptors and CLOSE_WAIT sockets come back to the
//                  baseline taken when it started listening, within a settle time;
//   no-spin        it used little CPU meanwhile.
// A check that fails fails the run, under its property. Stories that crash, reboot,
// shut down, partition or cut off a host, or whose server is no longer running, leave the
// server nothing to be judged on: no epilogue.
#pragma once

#include "reports/record/RunRecord.h"
#include "scenarios/runner/exec/RunContext.h"

namespace tcpfault::scenario {

// After the step that started $server on host: its descriptors and CLOSE_WAIT sockets.
void takeBaseline(RunContext& ctx, const std::string& host);

void runEpilogue(RunContext& ctx, report::RunRecord& rec);

// Bounds: how long the server has to release what its clients left, the shortest CPU
// window, and the share of one CPU above which a server that should idle is spinning.
inline constexpr double kEpilogueSettleSeconds = 2;
inline constexpr double kEpilogueCpuWindowSeconds = 0.3;
inline constexpr double kEpilogueSpinPercent = 50;

}  // namespace tcpfault::scenario
