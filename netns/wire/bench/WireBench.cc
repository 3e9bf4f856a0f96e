// wire-bench: what the wire costs. Bulk TCP throughput client > router > server with no
// engine, with every packet through a pass-through queue, with 1 % loss and with a 10 ms
// delay, beside iperf3 on the same path; the accuracy of a 100 ms delay over 1,000
// probes; and the cost of a Wire with nothing configured (no queue rule). Prints a table,
// writes CSV and SVG. Bounded in time: each cell runs --seconds.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>

#include "netns/wire/Wire.h"
#include "netns/wire/bench/BenchIo.h"

namespace tcpfault::netns::wire::bench {
namespace {

using namespace std::chrono_literals;

struct Cell {
  std::string name;
  double value = 0;  // Mbit/s, or ms for delay rows
  std::string unit;
  std::string note;
};

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())))];
}

double mbit(double bytesPerSec) { return bytesPerSec * 8 / 1e6; }

// The median of `repeat` runs: the machine is shared, single runs vary by 20 %.
Cell throughputCell(Topology& t, Wire& w, const std::string& name,
                    const std::function<void()>& setup, std::chrono::milliseconds d, int repeat) {
  std::vector<double> runs;
  Cell c{name, 0, "Mbit/s", ""};
  for (int i = 0; i < repeat; ++i) {
    setup();
    runs.push_back(mbit(bulkThroughput(t, d)));
    auto e = w.engineTotals();
    c.note = w.queueRuleInstalled() ? fmt::format("queue rule; {} pkts queued", e.queued)
                                    : w.anythingInstalled() ? "kernel rule only" : "nothing installed";
    w.clear();
  }
  c.value = quantile(runs, 0.5);
  c.note += fmt::format("; runs {:.0f}", fmt::join(runs, "/"));
  return c;
}

// A 100 ms delay on n probes: the engine's own release lateness and the probes' error.
void delayCells(Topology& t, Wire& w, int probes, const std::string& how,
                std::vector<Cell>& cells) {
  w.add(Delay{Selector{Direction::between(t, "client", "server")}, 100ms});
  auto delayed = probeDelays(t, probes, 1ms);
  std::vector<double> late, err;
  for (uint32_t us : w.releaseLatenessUs()) late.push_back(us / 1000.0);
  w.clear();
  for (double x : delayed) err.push_back(std::abs(x - 100.0));
  std::string n = fmt::format("{}/{} probes", delayed.size(), probes);
  cells.push_back({"100 ms delay " + how + ": median |error|", quantile(err, 0.5), "ms", n});
  cells.push_back({"100 ms delay " + how + ": p99 |error|", quantile(err, 0.99), "ms", n});
  cells.push_back({"100 ms delay " + how + ": max |error|", quantile(err, 1.0), "ms", n});
  cells.push_back({"  engine lateness " + how + ": p99", quantile(late, 0.99), "ms",
                   "timer fired vs deadline"});
}

std::vector<Cell> run(int seconds, int probes, int repeat) {
  Topology t({"client", "server"});
  Wire w(t);
  auto c2s = Direction::between(t, "client", "server");
  auto d = std::chrono::milliseconds(seconds * 1000);
  std::vector<Cell> cells;
  auto nothing = [] {};
  cells.push_back(throughputCell(t, w, "plain forwarding", nothing, d, repeat));
  cells.push_back(throughputCell(t, w, "wire idle (delay added+removed)", [&] {
    w.remove(w.add(Delay{Selector{c2s}, 1ms}));
  }, d, repeat));
  cells.push_back(throughputCell(t, w, "pass-through queue (both ways)", [&] {
    w.add(Track{c2s, Match::any()});
    w.add(Track{c2s.reversed(), Match::any()});
  }, d, repeat));
  cells.push_back(throughputCell(t, w, "1% loss (nft numgen)", [&] {
    w.add(Loss{c2s, Match::tcp(), 1.0});
  }, d, repeat));
  cells.push_back(throughputCell(t, w, "10 ms delay (engine)", [&] {
    w.add(Delay{Selector{c2s}, 10ms});
  }, d, repeat));
  std::string why;
  double ip = iperf3Throughput(t, seconds, why);
  cells.push_back({"iperf3, plain path", ip >= 0 ? ip / 1e6 : NAN, "Mbit/s", why});

  auto base = probeDelays(t, probes, 1ms);
  cells.push_back({"probe one-way, no delay: median", quantile(base, 0.5), "ms", ""});
  cells.push_back({"probe one-way, no delay: p99", quantile(base, 0.99), "ms", ""});
  delayCells(t, w, probes, "nice -10", cells);
  Wire rt(t, WireOptions{true});
  delayCells(t, rt, probes, "SCHED_FIFO", cells);
  return cells;
}

void printTable(const std::vector<Cell>& cells) {
  std::cout << fmt::format("{:<42} {:>12} {:<7} {}\n", "cell", "value", "unit", "note");
  for (const auto& c : cells)
    std::cout << fmt::format("{:<42} {:>12.3f} {:<7} {}\n", c.name, c.value, c.unit, c.note);
  double plain = cells[0].value;
  std::cout << fmt::format("\npass-through / plain = {:.1f} %   idle / plain = {:.1f} %\n",
                           100 * cells[2].value / plain, 100 * cells[1].value / plain);
}

void writeCsv(const std::string& path, const std::vector<Cell>& cells) {
  std::ofstream f(path);
  if (!f) throw std::runtime_error("wire-bench: cannot write " + path);
  f << "cell,value,unit,note\n";
  for (const auto& c : cells) f << '"' << c.name << "\"," << c.value << ',' << c.unit << ",\"" << c.note << "\"\n";
}

// Horizontal bars for the throughput rows, relative to the largest.
void writeSvg(const std::string& path, const std::vector<Cell>& cells) {
  std::vector<const Cell*> rows;
  double top = 1;
  for (const auto& c : cells)
    if (c.unit == "Mbit/s" && !std::isnan(c.value)) rows.push_back(&c), top = std::max(top, c.value);
  std::ofstream f(path);
  if (!f) throw std::runtime_error("wire-bench: cannot write " + path);
  int h = 40 + 30 * static_cast<int>(rows.size());
  f << fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" width="760" height="{}" font-family="sans-serif" font-size="12">)", h)
    << "\n<text x=\"10\" y=\"20\" font-size=\"14\">wire-bench: bulk TCP throughput through the router (Mbit/s)</text>\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    int y = 35 + 30 * static_cast<int>(i);
    double wpx = 400 * rows[i]->value / top;
    f << fmt::format("<text x=\"10\" y=\"{}\">{}</text><rect x=\"250\" y=\"{}\" width=\"{:.0f}\" height=\"20\" fill=\"#4a7\"/><text x=\"{:.0f}\" y=\"{}\">{:.0f}</text>\n",
                     y + 15, rows[i]->name, y, wpx, 255 + wpx, y + 15, rows[i]->value);
  }
  f << "</svg>\n";
}

}  // namespace
}  // namespace tcpfault::netns::wire::bench

int main(int argc, char** argv) {
  CLI::App app{"wire-bench: cost and accuracy of the tcpfault wire (needs root)"};
  int seconds = 3, probes = 1000, repeat = 3;
  std::string csv = "wire-bench.csv", svg = "wire-bench.svg";
  app.add_option("--seconds", seconds, "per throughput cell")->check(CLI::Range(1, 30));
  app.add_option("--probes", probes, "delay-accuracy probes (1 ms apart)")->check(CLI::Range(10, 10000));
  app.add_option("--repeat", repeat, "runs per throughput cell (median)")->check(CLI::Range(1, 9));
  app.add_option("--csv", csv);
  app.add_option("--svg", svg);
  CLI11_PARSE(app, argc, argv);
  try {
    auto cells = tcpfault::netns::wire::bench::run(seconds, probes, repeat);
    tcpfault::netns::wire::bench::printTable(cells);
    tcpfault::netns::wire::bench::writeCsv(csv, cells);
    tcpfault::netns::wire::bench::writeSvg(svg, cells);
  } catch (const std::exception& e) {
    std::cerr << "wire-bench: " << e.what() << "\n";
    return 2;
  }
}
