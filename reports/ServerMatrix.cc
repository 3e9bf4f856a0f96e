#include "reports/ServerMatrix.h"

#include <algorithm>

#include <fmt/format.h>

#include "reports/XmlEscape.h"

namespace tcpfault::report {
namespace {

size_t indexOf(std::vector<std::string>& names, const std::string& name) {
  auto it = std::find(names.begin(), names.end(), name);
  if (it != names.end()) return static_cast<size_t>(it - names.begin());
  names.push_back(name);
  return names.size() - 1;
}

std::string failureWhy(const RunRecord& r) {
  if (r.failedLine > 0) return fmt::format("{}:{}: {}", r.file, r.failedLine, r.message);
  return r.message;
}

}  // namespace

const char* MatrixCell::outcome() const {
  if (failed) return "fail";
  if (warned) return "warn";
  if (skipped && !passed) return "skip";
  return passed ? "pass" : "none";
}

std::string MatrixCell::word() const {
  int n = runs();
  if (failed || warned) {
    std::string at = line > 0 ? fmt::format(":{}", line) : "";
    std::string what = failed ? "FAIL" : "WARN";
    return n > 1 ? fmt::format("{}{} {}/{}", what, at, failed ? failed : warned, n) : what + at;
  }
  if (skipped && !passed) return "skip";
  return n > 1 ? fmt::format("{}/{} pass", passed, n) : "pass";
}

ServerMatrix serverMatrix(const std::vector<RunRecord>& runs) {
  ServerMatrix m;
  for (const auto& r : runs) {
    if (r.server.empty()) continue;
    size_t srv = indexOf(m.servers, r.server), st = indexOf(m.stories, r.scenario);
    m.cells.resize(m.stories.size());
    for (auto& row : m.cells) row.resize(m.servers.size());
    MatrixCell& c = m.cells[st][srv];
    bool failed = r.status == Status::Fail || r.status == Status::Error;
    if ((failed && !c.failed) || (r.status == Status::Warn && !c.failed && !c.warned)) {
      c.why = failureWhy(r);
      c.line = r.failedLine;
    }
    if (r.status == Status::Skip && !c.failed && c.why.empty()) c.why = r.message;
    c.passed += r.status == Status::Pass;
    c.failed += failed;
    c.skipped += r.status == Status::Skip;
    c.warned += r.status == Status::Warn;
  }
  return m;
}

std::string matrixText(const ServerMatrix& m) {
  if (m.empty()) return "";
  size_t first = 5;
  for (const auto& s : m.stories) first = std::max(first, s.size());
  std::vector<size_t> width;
  for (const auto& s : m.servers) width.push_back(std::max<size_t>(s.size(), 10));
  std::string out = fmt::format("\n{:<{}}", "story", first);
  for (size_t j = 0; j < m.servers.size(); ++j) out += fmt::format("  {:<{}}", m.servers[j], width[j]);
  out += '\n';
  std::string notes;
  for (size_t i = 0; i < m.stories.size(); ++i) {
    out += fmt::format("{:<{}}", m.stories[i], first);
    for (size_t j = 0; j < m.servers.size(); ++j) {
      const MatrixCell& c = m.cells[i][j];
      out += fmt::format("  {:<{}}", c.runs() ? c.word() : "-", width[j]);
      if (c.failed || c.warned || (c.skipped && !c.passed))
        notes += fmt::format("  {} [{}] {}: {}\n", m.stories[i], m.servers[j],
                             c.failed ? "failed" : c.warned ? "warned" : "skipped", c.why);
    }
    out += '\n';
  }
  return notes.empty() ? out : out + "\n" + notes;
}

std::string matrixHtml(const ServerMatrix& m) {
  if (m.empty()) return "";
  std::string html = "<h2>Story &times; server</h2>\n<table class=\"matrix summary\">\n<tr><th>story</th>";
  for (const auto& s : m.servers) html += fmt::format("<th>{}</th>", xmlText(s));
  html += "</tr>\n";
  for (size_t i = 0; i < m.stories.size(); ++i) {
    html += fmt::format("<tr><td>{}</td>", xmlText(m.stories[i]));
    for (size_t j = 0; j < m.servers.size(); ++j) {
      const MatrixCell& c = m.cells[i][j];
      if (c.runs() == 0) {
        html += "<td>-</td>";
        continue;
      }
      html += fmt::format("<td title=\"{}\"><span class=\"badge {}\">{}</span>{}</td>", xmlAttr(c.why),
                          c.outcome(), xmlText(c.word()),
                          c.why.empty() ? "" : "<br><small>" + xmlText(c.why) + "</small>");
    }
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

}  // namespace tcpfault::report
