#include "servers/bench/SvgPlot.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <map>
#include <set>

#include "netns/Error.h"

namespace tcpfault::bench {
namespace {

constexpr int kPanelW = 360, kPanelH = 260, kMargin = 50;
constexpr const char* kColours[] = {"#d62728", "#1f77b4", "#2ca02c", "#ff7f0e",
                                    "#9467bd", "#8c564b", "#17becf"};

struct Panel {
  size_t bytes;
  std::map<std::string, std::vector<std::pair<int, double>>> lines;  // server -> (conns, us)
};

std::string panelSvg(const Panel& p, int x0, const std::vector<std::string>& servers) {
  int maxConns = 1;
  double maxUs = 1;
  for (const auto& [s, pts] : p.lines)
    for (auto [c, us] : pts) maxConns = std::max(maxConns, c), maxUs = std::max(maxUs, us);
  auto X = [&](int c) { return x0 + kMargin + (kPanelW - kMargin - 10) * c / maxConns; };
  auto Y = [&](double us) { return static_cast<int>(kPanelH - 30 - (kPanelH - 60) * us / maxUs); };
  std::string svg = fmt::format(
      "<text x='{}' y='18' font-size='13'>{} bytes per message</text>\n"
      "<line x1='{}' y1='{}' x2='{}' y2='{}' stroke='black'/><line x1='{}' y1='30' x2='{}' y2='{}' "
      "stroke='black'/>\n"
      "<text x='{}' y='{}' font-size='10'>{} conns</text><text x='{}' y='40' font-size='10'>{:.0f} "
      "us</text>\n",
      x0 + kMargin, p.bytes, X(0), Y(0), X(maxConns), Y(0), X(0), X(0), Y(0), X(maxConns) - 50,
      Y(0) + 14, maxConns, x0 + 2, maxUs);
  for (size_t i = 0; i < servers.size(); ++i) {
    auto it = p.lines.find(servers[i]);
    if (it == p.lines.end()) continue;
    std::string pts;
    for (auto [c, us] : it->second) {
      pts += fmt::format("{},{} ", X(c), Y(us));
      svg +=
          fmt::format("<circle cx='{}' cy='{}' r='3' fill='{}'/>\n", X(c), Y(us), kColours[i % 7]);
    }  // a dot per measurement: select-echo has a single one (FD_SETSIZE)
    svg += fmt::format("<polyline fill='none' stroke-width='2' stroke='{}' points='{}'/>\n",
                       kColours[i % 7], pts);
  }
  return svg;
}

}  // namespace

void writeSvg(const std::string& path, const std::vector<Row>& rows) {
  int rounds = 0;
  for (const Row& r : rows) rounds = std::max(rounds, r.status == "ok" ? r.rounds : 0);
  std::map<size_t, Panel> panels;
  std::vector<std::string> servers;
  for (const Row& r : rows) {
    if (r.status != "ok" || r.rounds != rounds) continue;
    if (std::find(servers.begin(), servers.end(), r.server) == servers.end())
      servers.push_back(r.server);
    panels[r.bytes].bytes = r.bytes;
    panels[r.bytes].lines[r.server].emplace_back(r.connections, r.usPerRound());
  }
  int width = std::max<int>(1, static_cast<int>(panels.size())) * kPanelW + 160;
  std::string svg = fmt::format(
      "<svg xmlns='http://www.w3.org/2000/svg' width='{}' height='{}' font-family='sans-serif'>\n"
      "<rect width='100%' height='100%' fill='white'/>\n",
      width, kPanelH + 20);
  int x0 = 0;
  for (const auto& [bytes, panel] : panels) svg += panelSvg(panel, x0, servers), x0 += kPanelW;
  for (size_t i = 0; i < servers.size(); ++i)
    svg += fmt::format("<text x='{}' y='{}' font-size='12' fill='{}'>{}</text>\n", x0 + 10,
                       40 + 18 * static_cast<int>(i), kColours[i % 7], servers[i]);
  svg += fmt::format("<text x='{}' y='{}' font-size='10'>us per round, {} rounds</text>\n</svg>\n",
                     x0 + 10, 40 + 18 * static_cast<int>(servers.size()) + 10, rounds);
  std::ofstream out(path);
  out << svg;
  if (!out) throwErrno(errno ? errno : EIO, "write " + path);
}

}  // namespace tcpfault::bench
