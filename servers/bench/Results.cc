#include "servers/bench/Results.h"

#include <cerrno>
#include <fstream>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "netns/Error.h"

namespace tcpfault::bench {

void printTable(std::ostream& out, const std::vector<Row>& rows) {
  fmt::print(out, "{:<16} {:>6} {:>6} {:>7} {:>9} {:>11} {:>10}  {}\n", "server", "conns",
             "rounds", "bytes", "total s", "us/round", "B/idle-conn", "status");
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

void writeCsv(const std::string& path, const std::vector<Row>& rows) {
  std::ofstream out(path);
  if (!out) throwErrno(errno, "open " + path);
  out << "server,connections,rounds,bytes,seconds,us_per_round,bytes_per_idle_connection,status\n";
  for (const Row& r : rows)
    out << fmt::format("{},{},{},{},{:.6f},{:.2f},{:.0f},\"{}\"\n", r.server, r.connections, r.rounds,
                       r.bytes, r.seconds, r.usPerRound(), r.bytesPerConn, r.status);
  if (!out) throwErrno(EIO, "write " + path);
}

}  // namespace tcpfault::bench
