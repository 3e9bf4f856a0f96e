#include "reports/ServerCard.h"

#include <algorithm>

#include <fmt/format.h>

#include "reports/XmlEscape.h"

namespace tcpfault::report {
namespace {

size_t serverIndex(std::vector<std::string>& names, const std::string& name) {
  auto it = std::find(names.begin(), names.end(), name);
  if (it != names.end()) return static_cast<size_t>(it - names.begin());
  names.push_back(name);
  return names.size() - 1;
}

CardRow& rowFor(ServerCard& card, const PropertyVerdict& v) {
  auto it = std::find_if(card.rows.begin(), card.rows.end(), [&](const CardRow& r) { return r.property == v.name; });
  if (it != card.rows.end()) return *it;
  card.rows.push_back(CardRow{v.name, v.meaning, v.fix, v.rank, {}});
  return card.rows.back();
}

// A cell keeps the evidence of its worst run: fail over warn over skip.
void decide(CardCell& c, const RunRecord& r, const PropertyVerdict& v) {
  bool take = (v.verdict == "fail" && !c.failed) || (v.verdict == "warn" && !c.failed && !c.warned) ||
              (v.verdict == "skip" && c.story.empty());
  if (take) {
    c.story = r.scenario;
    c.line = v.line;
    c.step = v.step;
    c.expected = v.expected;
    c.observed = v.observed;
  }
  c.failed += v.verdict == "fail";
  c.warned += v.verdict == "warn";
  c.passed += v.verdict == "pass";
  c.skipped += v.verdict == "skip";
}

// "client   read c    => 0" -> "client read c => 0": a step as the card shows it.
std::string squeezed(const std::string& text) {
  std::string out;
  for (char ch : text)
    if (ch != ' ' || (!out.empty() && out.back() != ' ')) out += ch;
  return out;
}

std::string evidence(const CardCell& c) {
  if (c.expected.empty()) return c.observed;
  return fmt::format("expected {}, got {}", c.expected, c.observed);
}

}  // namespace

std::string CardCell::verdict() const {
  if (failed) return "fail";
  if (warned) return "warn";
  if (passed) return "pass";
  return skipped ? "skip" : "none";
}

std::string CardCell::word() const {
  std::string v = verdict();
  if (v == "fail") return "FAIL";
  if (v == "warn") return "WARN";
  return v == "none" ? "-" : v;
}

std::string CardCell::where() const {
  return line > 0 ? fmt::format("{}:{}", story, line) : story + " epilogue";
}

int ServerCard::fails() const {
  int n = 0;
  for (const auto& row : rows)
    for (const auto& c : row.cells) n += c.verdict() == "fail";
  return n;
}

ServerCard serverCard(const std::vector<RunRecord>& runs) {
  ServerCard card;
  for (const auto& r : runs) {
    if (r.server.empty() || r.properties.empty()) continue;
    size_t srv = serverIndex(card.servers, r.server);
    for (const auto& v : r.properties) {
      CardRow& row = rowFor(card, v);
      row.cells.resize(std::max(row.cells.size(), srv + 1));
      decide(row.cells[srv], r, v);
    }
  }
  for (auto& row : card.rows) row.cells.resize(card.servers.size());
  std::stable_sort(card.rows.begin(), card.rows.end(), [](const CardRow& a, const CardRow& b) { return a.rank < b.rank; });
  return card;
}

std::string cardText(const ServerCard& card) {
  if (card.empty()) return "";
  size_t first = 8;
  for (const auto& row : card.rows) first = std::max(first, row.property.size());
  std::vector<size_t> width;
  for (const auto& s : card.servers) width.push_back(std::max<size_t>(s.size(), 6));
  std::string out = fmt::format("\n{:<{}}", "property", first);
  for (size_t j = 0; j < card.servers.size(); ++j) out += fmt::format("  {:<{}}", card.servers[j], width[j]);
  out += '\n';
  std::string findings, skips;
  for (const auto& row : card.rows) {
    out += fmt::format("{:<{}}", row.property, first);
    for (size_t j = 0; j < card.servers.size(); ++j) {
      const CardCell& c = row.cells[j];
      out += fmt::format("  {:<{}}", c.word(), width[j]);
      std::string v = c.verdict();
      if (v == "fail" || v == "warn") {
        findings += fmt::format("  {} [{}] {}: {} (decided by {}{})\n", row.property, card.servers[j], c.word(),
                                row.meaning, c.where(), c.step.empty() ? "" : ": " + squeezed(c.step));
        findings += fmt::format("      {}\n      fix: {}\n", evidence(c), row.fix);
      } else if (v == "skip") {
        skips += fmt::format("  {} [{}] skip: {}\n", row.property, card.servers[j], c.observed);
      }
    }
    out += '\n';
  }
  if (!findings.empty()) out += "\n" + findings;
  if (!skips.empty()) out += "\n" + skips;
  return out;
}

std::string cardHtml(const ServerCard& card) {
  if (card.empty()) return "";
  std::string html = "<h2>Server card: property &times; server</h2>\n<table class=\"card summary\">\n"
                     "<tr><th>property</th>";
  for (const auto& s : card.servers) html += fmt::format("<th>{}</th>", xmlText(s));
  html += "</tr>\n";
  for (const auto& row : card.rows) {
    html += fmt::format("<tr><td title=\"{}\"><b>{}</b><br><small>{}</small></td>", xmlAttr(row.fix),
                        xmlText(row.property), xmlText(row.meaning));
    for (const auto& c : row.cells) {
      std::string v = c.verdict();
      if (v == "none") {
        html += "<td>-</td>";
        continue;
      }
      std::string detail;
      if (v == "fail" || v == "warn")
        detail = fmt::format("<br><small><code>{}</code>{}<br>{}<br>fix: {}</small>", xmlText(c.where()),
                             c.step.empty() ? "" : " " + xmlText(squeezed(c.step)), xmlText(evidence(c)), xmlText(row.fix));
      else if (v == "skip")
        detail = "<br><small>" + xmlText(c.observed) + "</small>";
      html += fmt::format("<td><span class=\"badge {}\">{}</span>{}</td>", v, v, detail);
    }
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

}  // namespace tcpfault::report
