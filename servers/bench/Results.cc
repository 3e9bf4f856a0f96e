#include "servers/bench/Results.h"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <fstream>

#include "netns/Error.h"

namespace tcpfault::bench {

void printTable(std::ostream& out, const std::vector<Row>& rows) {
  fmt::print(out, "{:<16} {:>6} {:>6} {:>7} {:>9} {:>11} {:>10}  {}\n", "server", "conns", "rounds",
             "bytes", "total s", "us/round", "B/idle-conn", "status");
  for (const Row& r : rows) {
    std::string mem = r.bytesPerConn < 0 ? "-" : fmt::format("{:.0f}", r.bytesPerConn);
    if (r.status != "ok") {
      fmt::print(out, "{:<16} {:>6} {:>6} {:>7} {:>9} {:>11} {:>10}  {}\n", r.server, r.connections,
                 r.rounds, r.bytes, "-", "-", mem, r.status);
      continue;
    }
    fmt::print(out, "{:<16} {:>6} {:>6} {:>7} {:>9.3f} {:>11.1f} {:>10}  ok\n", r.server,
               r.connections, r.rounds, r.bytes, r.seconds, r.usPerRound(), mem);
  }
}

namespace {
struct ServerSummary {
  const Row* fewest = nullptr;  // the ok row at the fewest connections
  const Row* most = nullptr;    // ... and at the most
};
}  // namespace

void printSummary(std::ostream& out, const std::vector<Row>& rows) {
  size_t bytes = SIZE_MAX;
  int rounds = 0;
  for (const Row& r : rows)
    if (r.status == "ok") bytes = std::min(bytes, r.bytes), rounds = std::max(rounds, r.rounds);
  std::vector<std::pair<std::string, ServerSummary>> servers;
  for (const Row& r : rows) {
    if (r.status != "ok" || r.bytes != bytes || r.rounds != rounds) continue;
    auto it =
        std::find_if(servers.begin(), servers.end(), [&](auto& p) { return p.first == r.server; });
    if (it == servers.end()) it = servers.insert(servers.end(), {r.server, {&r, &r}});
    if (r.connections < it->second.fewest->connections) it->second.fewest = &r;
    if (r.connections > it->second.most->connections) it->second.most = &r;
  }
  fmt::print(
      out,
      "\nsummary ({} rounds of {} bytes): time per round from the fewest to the most connections\n",
      rounds, bytes);
  for (const auto& [name, s] : servers)
    fmt::print(out,
               "  {:<16} held {:>6} connections; {:>8.1f} us -> {:>8.1f} us per round (x{:.1f}); "
               "{:.0f} B per idle connection\n",
               name, s.most->connections, s.fewest->usPerRound(), s.most->usPerRound(),
               s.most->usPerRound() / s.fewest->usPerRound(), s.most->bytesPerConn);
}

void writeCsv(const std::string& path, const std::vector<Row>& rows) {
  std::ofstream out(path);
  if (!out) throwErrno(errno, "open " + path);
  out << "server,connections,rounds,bytes,seconds,us_per_round,bytes_per_idle_connection,status\n";
  for (const Row& r : rows)
    out << fmt::format("{},{},{},{},{:.6f},{:.2f},{:.0f},\"{}\"\n", r.server, r.connections,
                       r.rounds, r.bytes, r.seconds, r.usPerRound(), r.bytesPerConn, r.status);
  if (!out) throwErrno(EIO, "write " + path);
}

}  // namespace tcpfault::bench
