#include "scenarios/runner/exec/RunScenario.h"

#include <chrono>
#include <ctime>
#include <filesystem>

#include <fmt/format.h>

#include "reports/record/ReportFiles.h"
#include "scenarios/runner/exec/Cancelled.h"
#include "scenarios/runner/exec/Epilogue.h"
#include "scenarios/runner/exec/RunContext.h"
#include "scenarios/runner/exec/StepHandlers.h"
#include "scenarios/runner/exec/WireDirectives.h"
#include "scenarios/runner/lang/Grammar.h"

namespace tcpfault::scenario {

namespace {

std::string isoNow() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void startCapture(RunContext& ctx, report::RunRecord& rec) {
  if (!ctx.opts.capture || !ctx.opts.reportDir) return;
  rec.pcapFile = report::pcapFileName(rec);
  ctx.capture = std::make_unique<report::Capture>(ctx.topo.router().netnsFd(), "any",
                                                  report::PcapTarget(ctx.opts.reportDir, rec.pcapFile),
                                                  ctx.addressBook(),
                                                  ctx.t0);
}

// A `when kernel ...` step this kernel does not take: recorded, not run.
void recordGuarded(RunContext& ctx, const Step& step, report::StepRecord& sr, report::RunRecord& rec) {
  sr.end = sr.start;
  sr.outcome = "skipped";
  sr.observed = fmt::format("not on this kernel ({}): {}", ctx.opts.kernel.release, step.when->text());
  ctx.note(fmt::format("{:7.3f} {:4} {:<50} {}", sr.start, step.pos.line, step.source, sr.observed));
  rec.steps.push_back(sr);
}

// Runs the steps in order; the first that fails ends the run.
void runSteps(RunContext& ctx, report::RunRecord& rec) {
  auto limit = ctx.deadline(ctx.sc.timeout);
  prepareRun(ctx);
  for (const Step& step : ctx.sc.steps) {
    report::StepRecord sr;
    sr.line = step.pos.line;
    sr.text = step.source;
    sr.start = ctx.since();
    StepHandler h = findHandler(step);
    const VerbSpec* spec = findVerb(step);
    sr.fault = spec && spec->fault();
    if (Clock::now() > limit) {
      rec.status = report::Status::Fail;
      rec.failedLine = step.pos.line;
      rec.message = fmt::format("{}:{}: scenario timeout {}s reached before this step", rec.file,
                                step.pos.line, ctx.sc.timeout);
      return;
    }
    ctx.checkCancelled();
    if (step.when && !step.when->holds(ctx.opts.kernel)) {
      recordGuarded(ctx, step, sr, rec);
      continue;
    }
    if (step.kind != Step::Kind::Expect) ctx.actionAt = ctx.since();
    StepOutcome out = h ? h(ctx, step)
                        : StepOutcome::fail("a known verb", "no handler for '" + step.verb + "'");
    sr.end = ctx.since();
    sr.outcome = out.ok ? "ok" : "failed";
    sr.expected = out.expected;
    sr.observed = out.observed;
    ctx.note(fmt::format("{:7.3f} {:4} {:<50} {}", sr.start, step.pos.line, step.source,
                         out.ok ? out.observed : "FAILED: " + out.observed));
    rec.steps.push_back(sr);
    bool startsServerUnderTest = (traitsOf(step) & kStartsServer) &&
                                 !step.args.empty() && step.args[0].text == "$server";
    if (out.ok && startsServerUnderTest && !ctx.baseline) takeBaseline(ctx, step.host);
    if (!out.ok) {
      rec.status = report::Status::Fail;
      rec.failedLine = step.pos.line;
      // One line, as CI parsers show it: what was expected, what the kernel said, where.
      rec.message = fmt::format("expected {}, got {} ({}:{})", out.expected, out.observed,
                                std::filesystem::path(rec.file).filename().string(), step.pos.line);
      return;
    }
  }
}

// A capture that failed (pcap write error, capture loop died) leaves a pcap that lies
// by omission: a passed run becomes a harness error naming it.
void captureError(const std::string& error, report::RunRecord& rec) {
  if (error.empty()) return;
  rec.log += "warning: capture: " + error + "\n";
  if (rec.status != report::Status::Pass) return;
  rec.status = report::Status::Error;
  rec.message = fmt::format("{}: harness error: capture: {}", rec.file, error);
}

// Packets the wire engine lost that no rule dropped (a full queue, a netlink buffer
// overflow, a refused verdict), or an engine thread that failed: the run's record of the
// wire is incomplete, and a failure may be the loss's -- a harness error, which outranks it.
void wireLosses(const netns::wire::EngineLosses& losses, report::RunRecord& rec) {
  if (!losses.any()) return;
  rec.log += "warning: wire: " + losses.describe() + "\n";
  if (rec.status == report::Status::Error) return;
  rec.status = report::Status::Error;
  rec.message = fmt::format("{}: harness error: wire: {}", rec.file, losses.describe());
}

void collectOutput(RunContext& ctx) {
  for (auto& [host, agent] : ctx.agents)
    if (auto out = agent->output(); !out.empty())
      ctx.note(fmt::format("--- output of the agent on {}:\n{}", host, out));
  for (auto& [host, sp] : ctx.servers)
    if (auto out = sp.child.output(); !out.empty())
      ctx.note(fmt::format("--- output of {} on {}:\n{}", sp.argv[0], host, out));
}

}  // namespace

report::RunRecord runScenario(const Scenario& sc, const report::RunIdentity& run,
                              const RunOptions& opts, const ServerProfile* profile) {
  report::RunRecord rec(run);
  const std::string& server = run.server;
  rec.startedAt = isoNow();
  auto t0 = Clock::now();
  try {
    RunContext ctx(sc, server, opts, profile);
    startCapture(ctx, rec);
    try {
      runSteps(ctx, rec);
      runEpilogue(ctx, rec);
    } catch (const Cancelled&) {
      throw;
    } catch (const std::exception& e) {
      rec.status = report::Status::Error;
      rec.message = fmt::format("{}: harness error: {}", rec.file, e.what());
    }
    collectOutput(ctx);
    rec.log = ctx.log;
    if (ctx.capture) {
      ctx.capture->stop();
      rec.segments = ctx.capture->segments();
      captureError(ctx.capture->error(), rec);
    }
    if (ctx.hasWire()) wireLosses(ctx.wire().engineLosses(), rec);
  } catch (const Cancelled& e) {
    rec.status = report::Status::Skip;
    rec.message = e.what();
  } catch (const std::exception& e) {
    rec.status = report::Status::Error;
    rec.message = fmt::format("{}: cannot set up the run: {}", rec.file, e.what());
  }
  rec.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return rec;
}

}  // namespace tcpfault::scenario
