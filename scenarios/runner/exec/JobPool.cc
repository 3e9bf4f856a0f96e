#include "scenarios/runner/exec/JobPool.h"

#include <poll.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "scenarios/runner/exec/RunScenario.h"

namespace tcpfault::scenario {
namespace {

bool cancelled(int fd) {
  pollfd p{fd, POLLIN, 0};
  return fd >= 0 && ::poll(&p, 1, 0) > 0;
}

report::RunRecord skipped(const Job& j, std::string why) {
  report::RunRecord r(j.run);
  r.status = report::Status::Skip;
  r.message = std::move(why);
  return r;
}

report::RunRecord runOne(const Job& j, const RunOptions& opts) {
  if (cancelled(opts.cancelFd)) return skipped(j, "interrupted before it ran");
  if (!j.skip.empty()) return skipped(j, j.skip);
  return runScenario(*j.sc, j.run, opts, j.profile.get());
}

}  // namespace

std::vector<report::RunRecord> runJobs(const std::vector<Job>& jobs, const RunOptions& opts,
                                       int parallel, const OnFinished& onFinished) {
  std::vector<report::RunRecord> results(jobs.size());
  std::atomic<size_t> next{0};
  std::mutex mu;
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < jobs.size();) {
      report::RunRecord r = runOne(jobs[i], opts);
      std::lock_guard lk(mu);
      onFinished(r);
      results[i] = std::move(r);
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < std::max(1, parallel); ++t) threads.emplace_back(worker);
  for (auto& t : threads) t.join();
  return results;
}

}  // namespace tcpfault::scenario
