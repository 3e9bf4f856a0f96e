#include "reports/TerminalReporter.h"

#include "reports/ServerCard.h"
#include "reports/ServerMatrix.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>

#include "reports/RunSummary.h"
#include "reports/SegmentLabels.h"
#include "reports/TerminalSafe.h"

namespace tcpfault::report {
namespace {

constexpr std::string_view kRed = "31", kGreen = "32", kYellow = "33", kBoldRed = "1;31",
                           kDim = "2";
constexpr size_t kWireLines = 10;
constexpr double kWireWindow = 1.0;  // seconds either side of the failing step

// Indices of at most kWireLines segments within the window around [from, to], nearest to
// `to` (when the step failed) first, returned in time order.
std::vector<size_t> segmentsAround(const std::vector<Segment>& segs, double from, double to) {
  std::vector<size_t> picked;
  for (size_t i = 0; i < segs.size(); ++i)
    if (segs[i].t >= from - kWireWindow && segs[i].t <= to + kWireWindow) picked.push_back(i);
  auto distance = [&](size_t i) {
    double t = segs[i].t;
    return t < from ? from - t : t > to ? t - to : 0.0;
  };
  if (picked.size() > kWireLines) {
    std::stable_sort(picked.begin(), picked.end(),
                     [&](size_t a, size_t b) { return distance(a) < distance(b); });
    picked.resize(kWireLines);
    std::sort(picked.begin(), picked.end());
  }
  return picked;
}

// Text from scenarios, profiles and servers may hold control characters (an escape
// sequence would drive the user's terminal): every piece of it goes through the one
// sanitiser (TerminalSafe.h), C1 controls and invalid UTF-8 included.
std::string safe(std::string_view text) { return terminalSafe(text); }

}  // namespace

TerminalReporter::TerminalReporter(const ReportOptions& options)
    : out_(options.out ? *options.out : std::cout), tty_(options.tty), color_(options.color),
      matrix_(options.serverMatrix) {}

std::string TerminalReporter::paint(std::string_view text, std::string_view ansi) const {
  if (!color_) return std::string(text);
  return fmt::format("\033[{}m{}\033[0m", ansi, text);
}

std::string TerminalReporter::statusWord(Status s) const {
  switch (s) {
    case Status::Pass:
      return paint("PASS", kGreen);
    case Status::Fail:
      return paint("FAIL", kRed);
    case Status::Skip:
      return paint("SKIP", kYellow);
    case Status::Error:
      return paint("ERROR", kBoldRed);
    case Status::Warn:
      return paint("WARN", kYellow);
  }
  return "?";
}

void TerminalReporter::started(size_t plannedRuns) {
  planned_ = plannedRuns;
  start_ = std::chrono::steady_clock::now();
}

void TerminalReporter::runFinished(const RunRecord& run) {
  clearProgress();
  ++done_;
  if (run.status == Status::Fail || run.status == Status::Error) ++failed_;
  out_ << fmt::format("{}  {:<5} {}", statusWord(run.status), humanSeconds(run.seconds),
                      safe(run.id()));
  if (run.status == Status::Skip && !run.message.empty()) out_ << "  (" << safe(run.message) << ")";
  out_ << '\n';
  if (run.status == Status::Fail || run.status == Status::Error || run.status == Status::Warn) printFailure(run);
  printProgress();
  out_.flush();
}

void TerminalReporter::printFailure(const RunRecord& run) {
  out_ << "      at " << safe(failureLocation(run));
  const StepRecord* step = failedStep(run);
  if (step) out_ << ": " << safe(step->text);
  out_ << '\n';
  if (!run.message.empty()) out_ << "      " << paint(safe(run.message), kRed) << '\n';
  if (step && !step->expected.empty()) out_ << "      expected: " << safe(step->expected) << '\n';
  if (step && !step->observed.empty()) out_ << "      observed: " << safe(step->observed) << '\n';
  if (step) printWire(run, *step);
  if (!run.pcapFile.empty()) out_ << "      pcap: " << run.pcapFile << '\n';
}

void TerminalReporter::printWire(const RunRecord& run, const StepRecord& step) {
  std::vector<size_t> picked = segmentsAround(run.segments, step.start, step.end);
  if (picked.empty()) return;
  std::vector<std::string> labels = segmentLabels(run.segments);
  out_ << fmt::format("      on the wire ({:.3f}s..{:.3f}s, step at {:.3f}s):\n",
                      std::max(0.0, step.start - kWireWindow), step.end + kWireWindow, step.end);
  for (size_t i : picked) {
    const Segment& s = run.segments[i];
    std::string line = fmt::format("{:>9.3f}s  {} > {}  {}", s.t, s.src, s.dst, labels[i]);
    out_ << "    " << (s.icmp || s.flags.find('R') != std::string::npos ? line : paint(line, kDim))
         << '\n';
  }
}

void TerminalReporter::clearProgress() {
  if (!progressShown_) return;
  out_ << "\r\033[K";
  progressShown_ = false;
}

// "[12/40] 2 failed  ETA 32s", rewritten in place after every run: on a TTY only.
void TerminalReporter::printProgress() {
  if (!tty_ || planned_ == 0 || done_ >= planned_) return;
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  double eta = elapsed / static_cast<double>(done_) * static_cast<double>(planned_ - done_);
  out_ << fmt::format("[{}/{}] {} failed  ETA {}", done_, planned_, failed_, humanSeconds(eta));
  progressShown_ = true;
}

// Per scenario group: how many runs passed, failed, were skipped or hit harness errors.
void TerminalReporter::printGroupTable(const std::vector<RunRecord>& runs) {
  std::vector<std::pair<std::string, Totals>> groups;
  for (const RunRecord& r : runs) {
    std::string name = r.group.empty() ? "-" : safe(r.group);
    auto it = std::find_if(groups.begin(), groups.end(), [&](auto& g) { return g.first == name; });
    if (it == groups.end()) it = groups.insert(groups.end(), {name, Totals{}});
    it->second.add(r.status);
  }
  size_t width = 5;
  for (const auto& g : groups) width = std::max(width, g.first.size());
  // The warn column only when a run warned: the table stays as CI parsers know it.
  bool warned = std::any_of(groups.begin(), groups.end(), [](const auto& g) { return g.second.warned > 0; });
  out_ << fmt::format("\n{:<{}}  {:>5} {:>5} {:>5} {:>5}{}\n", "group", width, "pass", "fail", "skip", "error",
                      warned ? "  warn" : "");
  for (const auto& [name, t] : groups)
    out_ << fmt::format("{:<{}}  {:>5} {:>5} {:>5} {:>5}{}\n", name, width, t.passed, t.failed, t.skipped, t.errors,
                        warned ? fmt::format(" {:>5}", t.warned) : "");
}

void TerminalReporter::finish(const std::vector<RunRecord>& runs, double wallSeconds) {
  clearProgress();
  Totals t = countRuns(runs);
  if (!runs.empty()) printGroupTable(runs);
  if (matrix_) out_ << safe(matrixText(serverMatrix(runs))) << safe(cardText(serverCard(runs)));
  if (t.failed + t.errors > 0) {
    out_ << "\nFailed:\n";
    for (const RunRecord& r : runs)
      if (r.status == Status::Fail || r.status == Status::Error)
        out_ << fmt::format("  {}  {}  {}  {}\n", statusWord(r.status), safe(r.id()),
                            safe(failureLocation(r)), safe(r.message));
  }
  out_ << fmt::format("\n{} runs in {} (wall)", t.runs(), humanSeconds(wallSeconds));
  if (t.errors > 0)
    out_ << fmt::format(" ({} harness error{} counted as failed)", t.errors,
                        t.errors == 1 ? "" : "s");
  out_ << '\n' << totalsLine(t) << '\n';
  out_.flush();
}

}  // namespace tcpfault::report
