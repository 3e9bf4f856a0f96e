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

report::RunRecord skipped(const Job& j) {
  report::RunRecord r(j.run);
  r.status = report::Status::Skip;
  r.message = "interrupted before it ran";
  return r;
}

}  // namespace

std::vector<report::RunRecord> runJobs(const std::vector<Job>& jobs, const RunOptions& opts,
                                       int parallel, const OnFinished& onFinished) {
  std::vector<report::RunRecord> results(jobs.size());
  std::atomic<size_t> next{0};
  std::mutex mu;
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < jobs.size();) {
      report::RunRecord r = cancelled(opts.cancelFd) ? skipped(jobs[i])
                                                     : runScenario(*jobs[i].sc, jobs[i].run, opts);
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
