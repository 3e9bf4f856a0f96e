// echo-bench: the poll-vs-epoll table of the Korean epoll article, reproduced against the
// reference servers on loopback inside a private network namespace. For each server and
// connection count: N idle connections, memory per idle connection, then rounds of one
// echo at a time; prints a table, writes a CSV and an SVG plot. Bounded in time.
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <climits>
#include <iostream>

#include "servers/ServerRegistry.h"
#include "servers/core/FdLimit.h"
#include "servers/bench/BenchCell.h"
#include "servers/bench/Results.h"
#include "servers/bench/SvgPlot.h"

namespace tcpfault::bench {
namespace {

// Every registry server that echoes (servers/Registry.cmake), in registry order.
std::vector<std::string> echoServers() {
  std::vector<std::string> out;
  for (const auto& s : servers::kServerRegistry)
    if (s.has("echo")) out.emplace_back(s.name);
  return out;
}

struct Options {
  std::vector<std::string> servers = echoServers();
  std::vector<int> connections{1000, 2000, 5000, 10000};
  std::vector<int> rounds{100, 1000};
  std::vector<size_t> sizes{1024, 10240, 102400};
  int forkMax = 2000;   // fork-echo: one process per connection, "as far as it goes"
  int timeLimit = 540;  // seconds for the whole run
  bool quick = false;
  std::string csv = "echo-bench.csv", svg = "echo-bench.svg", serverDir;
};

std::string selfDir() {
  char path[PATH_MAX];
  ssize_t n = ::readlink("/proc/self/exe", path, sizeof(path) - 1);
  if (n <= 0) return ".";
  std::string p(path, static_cast<size_t>(n));
  return p.substr(0, p.rfind('/'));
}

// Each side (this client, each server) holds N fds: N + slack is enough for both.
void raiseFdLimit(const Options& o) {
  int most = 0;
  for (int c : o.connections) most = std::max(most, c);
  unsigned long want = static_cast<unsigned long>(most) + 1024;
  try {
    servers::raiseFdLimit(want);
  } catch (const std::exception&) {
    std::cerr << fmt::format("echo-bench: cannot raise RLIMIT_NOFILE to {}\n", want);
  }
}

// Why a server is not run at n connections ("" = run it).
std::string limitFor(const Options& o, const std::string& server, int n) {
  if (server == "select-echo" && n > FD_SETSIZE - 24)
    return fmt::format("skipped: FD_SETSIZE {}", FD_SETSIZE);
  if (server == "fork-echo" && n > o.forkMax)
    return fmt::format("skipped: --fork-max {}", o.forkMax);
  return "";
}

std::vector<Row> runAll(const Options& o) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(o.timeLimit);
  std::vector<Row> rows;
  for (const std::string& server : o.servers) {
    for (int n : o.connections) {
      CellPlan plan{o.serverDir + "/" + server, server, {}, n, o.rounds, o.sizes, deadline};
      std::string skip = limitFor(o, server, n);
      if (skip.empty() && std::chrono::steady_clock::now() > deadline) skip = "skipped: time bound";
      std::vector<Row> cell;
      if (skip.empty()) {
        std::cerr << fmt::format("echo-bench: {} with {} connections...\n", server, n);
        cell = runCell(plan);
      } else {
        for (int r : o.rounds)
          for (size_t b : o.sizes) cell.push_back({server, n, r, b, 0, -1, skip});
      }
      rows.insert(rows.end(), cell.begin(), cell.end());
    }
  }
  return rows;
}

}  // namespace
}  // namespace tcpfault::bench

int main(int argc, char** argv) {
  using namespace tcpfault::bench;
  CLI::App app{
      "Echo benchmark: poll vs select vs epoll vs fork at 1,000-10,000 connections, "
      "on loopback in a private network namespace (needs root).",
      "echo-bench"};
  Options o;
  app.add_option("--servers", o.servers, "servers to run")->capture_default_str();
  app.add_option("--connections,-c", o.connections, "connection counts")->capture_default_str();
  app.add_option("--rounds,-r", o.rounds, "round counts (one echo per round)")
      ->capture_default_str();
  app.add_option("--sizes,-s", o.sizes, "message sizes in bytes")->capture_default_str();
  app.add_option("--fork-max", o.forkMax, "most connections for fork-echo (a process each)")
      ->capture_default_str();
  app.add_option("--time-limit", o.timeLimit, "seconds for the whole run; later cells are skipped")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_flag("--quick", o.quick,
               "defaults become 1,000 and 2,000 connections, 100 rounds, 1 KiB and 10 KiB");
  app.add_option("--csv", o.csv, "CSV output file")->capture_default_str();
  app.add_option("--svg", o.svg, "SVG plot output file")->capture_default_str();
  app.add_option("--server-dir", o.serverDir,
                 "where the server binaries are (default: beside echo-bench)");
  CLI11_PARSE(app, argc, argv);
  if (o.quick) {  // only where the user did not choose
    if (app.count("--connections") == 0) o.connections = {1000, 2000};
    if (app.count("--rounds") == 0) o.rounds = {100};
    if (app.count("--sizes") == 0) o.sizes = {1024, 10240};
  }
  if (o.serverDir.empty()) o.serverDir = selfDir();
  try {
    raiseFdLimit(o);
    std::vector<Row> rows = runAll(o);
    printTable(std::cout, rows);
    printSummary(std::cout, rows);
    writeCsv(o.csv, rows);
    writeSvg(o.svg, rows);
    std::cout << fmt::format("wrote {} and {}\n", o.csv, o.svg);
  } catch (const std::exception& e) {
    std::cerr << "echo-bench: " << e.what() << "\n";
    return 4;
  }
  return 0;
}
