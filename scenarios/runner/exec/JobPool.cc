#include "scenarios/runner/exec/JobPool.h"

#include <poll.h>

#include <atomic>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "scenarios/runner/exec/RunScenario.h"

namespace tcpfault::scenario {
namespace {

bool cancelled(int fd) {
  pollfd p{fd, POLLIN, 0};
  return fd >= 0 && ::poll(&p, 1, 0) > 0;
}

report::RunRecord skipped(const Job& j) {
  report::RunRecord r(j.run);
  r.status = report::Status::Skip;
  r.message = "interrupted before it ran";
  return r;
}

// An exception escaping a worker thread would std::terminate the runner: it becomes the
// run's harness error instead.
report::RunRecord runGuarded(const Job& j, const RunOptions& opts) {
  try {
    return runScenario(*j.sc, j.run, opts);
  } catch (const std::exception& e) {
    report::RunRecord r(j.run);
    r.status = report::Status::Error;
    r.message = fmt::format("harness error: {}", e.what());
    return r;
  }
}

}  // namespace

std::vector<report::RunRecord> runJobs(const std::vector<Job>& jobs, const RunOptions& opts,
                                       int parallel, const OnFinished& onFinished) {
  std::vector<report::RunRecord> results(jobs.size());
  std::atomic<size_t> next{0};
  std::mutex mu;
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < jobs.size();) {
      report::RunRecord r = cancelled(opts.cancelFd) ? skipped(jobs[i]) : runGuarded(jobs[i], opts);
      std::lock_guard lk(mu);
      try {
        onFinished(r);
      } catch (const std::exception& e) {  // a worker thread must not end the process
        r.status = report::Status::Error;
        r.message += fmt::format(" (reporting it failed: {})", e.what());
      }
      results[i] = std::move(r);
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < std::max(1, parallel); ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  return results;
}

}  // namespace tcpfault::scenario
