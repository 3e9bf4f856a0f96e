#include "servers/bench/BenchCell.h"

#include <fmt/format.h>

#include <fstream>

#include "netns/Error.h"
#include "servers/bench/LoadClient.h"
#include "servers/harness/PrivateNetns.h"
#include "servers/harness/ServerProcess.h"

namespace tcpfault::bench {
namespace {

using namespace std::chrono_literals;

// A deep accept queue, in this namespace only: N connects arrive faster than a poll
// server at N = 10,000 accepts them, and a full queue costs a 1 s SYN retransmit.
void deepenAcceptQueue() { std::ofstream("/proc/sys/net/core/somaxconn") << 65535; }

std::vector<Row> rowsWithStatus(const CellPlan& plan, const std::string& status) {
  std::vector<Row> rows;
  for (int r : plan.rounds)
    for (size_t b : plan.sizes)
      rows.push_back({plan.server, plan.connections, r, b, 0, -1, status});
  return rows;
}

}  // namespace

std::vector<Row> runCell(const CellPlan& plan) {
  if (std::string why = harness::enterPrivateNetns(); !why.empty()) throwErrno(EPERM, why);
  deepenAcceptQueue();
  std::vector<std::string> args{"--port", "0", "--backlog", "65535"};
  args.insert(args.end(), plan.serverArgs.begin(), plan.serverArgs.end());
  harness::ServerProcess server(plan.serverPath, args);
  if (!server.awaitListening(10s))
    return rowsWithStatus(plan, "server did not start: " + server.stderrText());
  long pssBefore = server.anonPssKb();
  LoadClient client;
  std::string err = client.connect(server.port(), plan.connections);
  if (err.empty()) err = client.warmUp(60s);
  if (!err.empty()) return rowsWithStatus(plan, err);
  double perConn = static_cast<double>(server.anonPssKb() - pssBefore) * 1024.0 / plan.connections;
  std::vector<Row> rows;
  for (int r : plan.rounds) {
    for (size_t b : plan.sizes) {
      Row row{plan.server, plan.connections, r, b, 0, perConn, "ok"};
      if (std::chrono::steady_clock::now() > plan.deadline) {
        row.status = "skipped: time bound";
      } else if (RoundsResult res = client.run(r, b, 10s); res.ok) {
        row.seconds = res.seconds;
      } else {
        row.status = res.error;
      }
      rows.push_back(row);
    }
  }
  client.closeAll();
  server.terminate(20s);
  return rows;
}

}  // namespace tcpfault::bench
