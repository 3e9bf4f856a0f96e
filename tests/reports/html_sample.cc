// Writes a sample report dir (report.html, junit.xml, results.json, results.tap, a pcap)
// for tests/reports/render_html.sh: the sample runs, plus a real RST-before-accept capture
// in a private namespace when we may create one (root).
//   usage: reports_html_sample DIR
#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>

#include "RstBeforeAccept.h"
#include "SampleRuns.h"
#include "ThreadNetns.h"
#include "reports/capture/Capture.h"
#include "reports/record/ReportFiles.h"
#include "reports/Reporter.h"

namespace {

using namespace tcpfault;

// The RST-before-accept exchange captured for real; nullopt-like empty run when not root.
bool capturedRun(const std::filesystem::path& dir, report::RunRecord& run) {
  UniqueFd netns = reporttest::makeThreadNetns();
  if (!netns) return false;
  run.scenario = "rst-before-accept";
  run.group = "unp";
  run.file = "scenarios/rst-before-accept.scn";
  run.ref = "UNP 5.11";
  run.startedAt = "2026-11-23T10:43:00Z";
  run.pcapFile = report::pcapFileName(run);
  auto t0 = std::chrono::steady_clock::now();
  report::Capture capture(netns.get(), "any", (dir / run.pcapFile).string(), reporttest::kRstHosts,
                          t0);
  reporttest::runInNetns(netns.get(), reporttest::rstBeforeAccept);
  capture.waitFor([](const auto& s) { return s.size() >= 4; }, std::chrono::seconds(5));
  capture.stop();
  run.segments = capture.segments();
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return true;
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc != 2) {
    std::cerr << "usage: reports_html_sample DIR\n";
    return 2;
  }
  std::filesystem::path dir = argv[1];
  auto runs = reporttest::sampleRuns();
  runs.push_back(reporttest::unreachableRun());
  report::RunRecord captured;
  if (capturedRun(dir, captured)) runs.push_back(captured);
  for (const char* kind : {"html", "junit", "json", "tap"})
    report::makeReporter(kind, {report::ReportDir::open(dir), nullptr, false, false})->finish(runs, 2.5);
  return 0;
} catch (const std::exception& e) {
  std::cerr << "reports_html_sample: " << e.what() << "\n";
  return 1;
}
