#include "reports/LadderDiagram.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "reports/RunSummary.h"
#include "reports/SegmentLabels.h"
#include "reports/XmlEscape.h"

namespace tcpfault::report {
namespace {

constexpr double kTimeColumn = 80, kMargin = 60, kColumnGap = 300, kTop = 46, kRow = 36,
                 kSlope = 22, kHead = 9, kMinWidth = 760;

// What occupies one row of the diagram, in time order.
struct Row {
  enum Kind { Seg, Fault, Failed, More } kind;
  double t;
  size_t index;  // into segments (Seg, More: omitted count) or steps (Fault, Failed)
};

bool isRouter(const std::string& host) { return host.find("router") != std::string::npos; }

// Moves `host` so that it ends up at index `pos` (clamped to the end).
void moveTo(std::vector<std::string>& v, const std::string& host, size_t pos) {
  auto it = std::find(v.begin(), v.end(), host);
  if (it == v.end()) return;
  v.erase(it);
  v.insert(v.begin() + static_cast<long>(std::min(pos, v.size())), host);
}

std::string color(const Segment& s) {
  if (s.icmp) return "#c25400";
  if (s.flags.find('R') != std::string::npos) return "#c0001a";
  if (s.flags.find('S') != std::string::npos || s.flags.find('F') != std::string::npos)
    return "#1b4f9c";
  return "#222";
}

// Milliseconds usually tell the story; packets microseconds apart (loopback, a SYN and its
// SYN-ACK) need more digits to keep their times apart. Returns 3..6.
int timeDecimals(const std::vector<Segment>& segments) {
  int decimals = 3;
  for (size_t i = 1; i < segments.size(); ++i) {
    double a = segments[i - 1].t, b = segments[i].t;
    while (decimals < 6 && a != b &&
           fmt::format("{:.{}f}", a, decimals) == fmt::format("{:.{}f}", b, decimals))
      ++decimals;
  }
  return decimals;
}

class Svg {
 public:
  Svg(const RunRecord& run, const LadderOptions& options)
      : run_(run),
        columns_(ladderColumns(run.segments)),
        labels_(segmentLabels(run.segments)),
        decimals_(timeDecimals(run.segments)) {
    rows_ = makeRows(options.maxSegments);
    double last = columns_.empty() ? 0 : x(columns_.size() - 1);
    width_ = std::max(kMinWidth, last + kMargin + 60);
  }
  std::string render();

 private:
  std::vector<Row> makeRows(size_t maxSegments) const;
  double x(size_t column) const {
    return kTimeColumn + kMargin + kColumnGap * static_cast<double>(column);
  }
  double columnOf(const std::string& host) const;
  double rowY(size_t i) const { return kTop + 28 + kRow * static_cast<double>(i); }
  void header(double bottom);
  void segment(const Segment& s, const std::string& label, double y);
  void fault(const StepRecord& step, double y);
  void failed(const StepRecord& step, double y);
  void more(size_t omitted, double y);
  std::string timeText(double t) const { return fmt::format("{:.{}f}s", t, decimals_); }

  const RunRecord& run_;
  std::vector<std::string> columns_, labels_;
  int decimals_;
  std::vector<Row> rows_;
  double width_;
  std::string out_;
};

std::vector<Row> Svg::makeRows(size_t maxSegments) const {
  std::vector<Row> rows;
  size_t shown = std::min(maxSegments, run_.segments.size());
  for (size_t i = 0; i < shown; ++i) rows.push_back({Row::Seg, run_.segments[i].t, i});
  for (size_t i = 0; i < run_.steps.size(); ++i)
    if (run_.steps[i].fault) rows.push_back({Row::Fault, run_.steps[i].start, i});
  if (const StepRecord* f = failedStep(run_))
    rows.push_back({Row::Failed, f->end, static_cast<size_t>(f - run_.steps.data())});
  // stable: a fault drawn at the same time as a segment stays after it
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.t < b.t; });
  if (shown < run_.segments.size()) {
    double cut = run_.segments[shown].t;
    auto at = std::find_if(rows.begin(), rows.end(), [&](const Row& r) { return r.t > cut; });
    rows.insert(at, {Row::More, cut, run_.segments.size() - shown});
  }
  return rows;
}

double Svg::columnOf(const std::string& host) const {
  auto it = std::find(columns_.begin(), columns_.end(), host);
  return x(static_cast<size_t>(it - columns_.begin()));
}

void Svg::header(double bottom) {
  for (size_t i = 0; i < columns_.size(); ++i) {
    out_ += fmt::format(
        "<text class=\"host\" x=\"{0}\" y=\"{1}\" text-anchor=\"middle\">{2}</text>"
        "<line class=\"lifeline\" x1=\"{0}\" y1=\"{3}\" x2=\"{0}\" y2=\"{4}\"/>\n",
        x(i), kTop - 18, xmlText(columns_[i]), kTop, bottom);
  }
}

void Svg::segment(const Segment& s, const std::string& label, double y) {
  double x1 = columnOf(s.src), x2 = columnOf(s.dst), y2 = y + kSlope;
  if (x1 == x2) x2 = x1 + 40;  // to itself: a short stub to the right
  double dx = x2 - x1, dy = y2 - y, len = std::hypot(dx, dy), ux = dx / len, uy = dy / len;
  double bx = x2 - kHead * ux, by = y2 - kHead * uy;  // back of the arrowhead
  double angle = std::atan2(dy, dx) * 180 / M_PI;
  if (angle > 90) angle -= 180;  // right-to-left arrows: keep the text upright
  std::string c = color(s);
  out_ += fmt::format(
      "<g class=\"seg\" data-flags=\"{}\" data-src=\"{}\" data-dst=\"{}\" data-t=\"{:.6f}\">"
      "<title>{}</title>",
      xmlAttr(s.icmp ? "ICMP" : s.flags), xmlAttr(s.src), xmlAttr(s.dst), s.t,
      xmlText(fmt::format("{:.6f}s {}:{} > {}:{} {} seq {} ack {} len {}", s.t, s.src, s.sport,
                          s.dst, s.dport, label, s.seq, s.ack, s.len)));
  out_ += fmt::format(
      "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\"{}/>"
      "<polygon points=\"{:.1f},{:.1f} {:.1f},{:.1f} {:.1f},{:.1f}\" fill=\"{}\"/>",
      x1, y, bx, by, c, s.icmp ? " stroke-dasharray=\"6 4\"" : "", x2, y2, bx - 4 * uy, by + 4 * ux,
      bx + 4 * uy, by - 4 * ux, c);
  double mx = (x1 + x2) / 2, my = (y + y2) / 2 - 5;
  out_ += fmt::format(
      "<text class=\"label\" x=\"{:.1f}\" y=\"{:.1f}\" fill=\"{}\" text-anchor=\"middle\" "
      "transform=\"rotate({:.1f} {:.1f} {:.1f})\">{}</text>"
      "<text class=\"time\" x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text></g>\n",
      mx, my, c, angle, mx, my, xmlText(label), kTimeColumn - 6, y + 4, timeText(s.t));
}

void Svg::fault(const StepRecord& step, double y) {
  out_ += fmt::format(
      "<g class=\"fault\" data-line=\"{}\"><title>{}</title>"
      "<rect x=\"{}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"24\" rx=\"3\"/>"
      "<text class=\"faulttext\" x=\"{}\" y=\"{:.1f}\">{}</text>"
      "<text class=\"time\" x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text></g>\n",
      step.line, xmlText(step.text), kTimeColumn, y - 4, width_ - kTimeColumn - 4, kTimeColumn + 8,
      y + 12, xmlText(fmt::format("line {}: {}", step.line, step.text)), kTimeColumn - 6, y + 12,
      timeText(step.start));
}

void Svg::failed(const StepRecord& step, double y) {
  std::string text = fmt::format("\u2717 line {} failed: expected {}, observed {}", step.line,
                                 step.expected.empty() ? "-" : step.expected,
                                 step.observed.empty() ? "-" : step.observed);
  out_ += fmt::format(
      "<g class=\"failmark\" data-line=\"{}\"><title>{}</title>"
      "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\"/>"
      "<text class=\"failtext\" x=\"{}\" y=\"{:.1f}\">{}</text>"
      "<text class=\"time failtime\" x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text></g>\n",
      step.line, xmlText(step.text), kTimeColumn, y + 8, width_ - 4, y + 8, kTimeColumn + 8, y + 3,
      xmlText(text), kTimeColumn - 6, y + 12, timeText(step.end));
}

void Svg::more(size_t omitted, double y) {
  out_ += fmt::format(
      "<text class=\"more\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">\u2026 {} more "
      "segments (see the pcap)</text>\n",
      width_ / 2, y + 10, omitted);
}

std::string Svg::render() {
  if (rows_.empty()) return "";
  double bottom = rowY(rows_.size() - 1) + kRow;
  out_ = fmt::format(
      "<svg class=\"ladder\" width=\"{0:.0f}\" height=\"{1:.0f}\" viewBox=\"0 0 {0:.0f} {1:.0f}\" "
      "role=\"img\">\n",
      width_, bottom + 8);
  header(bottom);
  for (size_t i = 0; i < rows_.size(); ++i) {
    const Row& r = rows_[i];
    double y = rowY(i);
    if (r.kind == Row::Seg) segment(run_.segments[r.index], labels_[r.index], y);
    if (r.kind == Row::Fault) fault(run_.steps[r.index], y);
    if (r.kind == Row::Failed) failed(run_.steps[r.index], y);
    if (r.kind == Row::More) more(r.index, y);
  }
  return out_ + "</svg>\n";
}

}  // namespace

std::vector<std::string> ladderColumns(const std::vector<Segment>& segments) {
  std::vector<std::string> hosts;
  for (const Segment& s : segments)
    for (const std::string& h : {s.src, s.dst})
      if (std::find(hosts.begin(), hosts.end(), h) == hosts.end()) hosts.push_back(h);
  // The side that opened the first connection goes left, the side it called right.
  auto syn = std::find_if(segments.begin(), segments.end(),
                          [](const Segment& s) { return !s.icmp && s.flags == "S"; });
  if (syn != segments.end()) {
    moveTo(hosts, syn->src, 0);
    moveTo(hosts, syn->dst, hosts.size());
  }
  // A router stands between the ends, just left of the last column.
  for (const std::string& h : std::vector<std::string>(hosts))
    if (isRouter(h) && hosts.size() > 2) moveTo(hosts, h, hosts.size() - 2);
  return hosts;
}

std::string ladderSvg(const RunRecord& run, const LadderOptions& options) {
  return Svg(run, options).render();
}

}  // namespace tcpfault::report
