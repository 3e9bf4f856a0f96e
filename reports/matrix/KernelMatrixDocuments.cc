#include "reports/matrix/KernelMatrixDocuments.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "reports/HtmlStyle.h"
#include "reports/TerminalSafe.h"
#include "reports/XmlEscape.h"

namespace tcpfault::report {
namespace {

struct ColumnTotals {
  int passed = 0, failed = 0, errors = 0, skipped = 0, warned = 0;
};

ColumnTotals totalsOf(const KernelMatrix& m, size_t col) {
  ColumnTotals t;
  for (const auto& row : m.cells) {
    const KernelCell& c = row[col];
    t.passed += c.passed;
    t.failed += c.failed;
    t.errors += c.errors;
    t.skipped += c.skipped;
    t.warned += c.warned;
  }
  return t;
}

std::string where(const KernelRow& row, const KernelCell& c) {
  return c.line > 0 ? fmt::format("{}:{}", row.file, c.line) : row.file;
}

std::string nullable(const std::string& s) { return s.empty() ? "null" : s; }

}  // namespace

std::string kernelMatrixText(const KernelMatrix& m) {
  size_t idWidth = 5;
  for (const KernelRow& r : m.rows) idWidth = std::max(idWidth, terminalSafe(r.id()).size());
  std::vector<size_t> widths;
  for (size_t j = 0; j < m.columns.size(); ++j) {
    size_t w = terminalSafe(m.columns[j].label()).size();
    for (const auto& row : m.cells) w = std::max(w, row[j].word().size());
    widths.push_back(w);
  }
  std::string out = fmt::format("  {:<{}}", "story", idWidth);
  for (size_t j = 0; j < m.columns.size(); ++j)
    out += fmt::format("  {:<{}}", terminalSafe(m.columns[j].label()), widths[j]);
  out += "\n";
  for (size_t i = 0; i < m.rows.size(); ++i) {
    out += fmt::format("{} {:<{}}", m.differs(i) ? '*' : ' ', terminalSafe(m.rows[i].id()), idWidth);
    for (size_t j = 0; j < m.columns.size(); ++j)
      out += fmt::format("  {:<{}}", m.cells[i][j].word(), widths[j]);
    // No trailing blanks: a CI log diff should not hinge on them.
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += "\n";
  }
  std::string failures, warnings, skips;
  for (size_t i = 0; i < m.rows.size(); ++i)
    for (size_t j = 0; j < m.columns.size(); ++j) {
      const KernelCell& c = m.cells[i][j];
      std::string head = fmt::format("{} on {}", m.rows[i].id(), m.columns[j].label());
      if (c.errors || c.failed) {
        failures += terminalSafe(fmt::format("{}: {} ({})\n", head, c.errors ? "harness error" : "failed",
                                             where(m.rows[i], c)));
        if (!c.step.empty()) failures += terminalSafe(fmt::format("    step:     {}\n", c.step));
        if (!c.expected.empty() || !c.observed.empty())
          failures += terminalSafe(fmt::format("    expected: {}\n    got:      {}\n",
                                               nullable(c.expected), nullable(c.observed)));
        failures += terminalSafe(fmt::format("    message:  {}\n", c.message));
      } else if (c.warned) {
        warnings += terminalSafe(fmt::format("  {}: {}\n", head, c.message));  // the message names file:line
      } else if (c.skipped && !c.passed && !c.message.empty()) {
        skips += terminalSafe(fmt::format("  {}: {}\n", head, c.message));
      }
    }
  if (!failures.empty()) out += "\nfailures:\n" + failures;
  if (!warnings.empty()) out += "\nwarnings (policies, not failures):\n" + warnings;
  if (!skips.empty()) out += "\nskipped:\n" + skips;
  out += "\n";
  for (size_t j = 0; j < m.columns.size(); ++j) {
    ColumnTotals t = totalsOf(m, j);
    out += terminalSafe(fmt::format("{}: {} passed, {} failed, {} errors, {} skipped, {} warned\n",
                                    m.columns[j].label(), t.passed, t.failed, t.errors, t.skipped, t.warned));
  }
  return out;
}

std::string kernelMatrixHtml(const KernelMatrix& m, const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>tcpfault kernel matrix</title>\n<style>{}"
      "td.cell {{ white-space: nowrap; }} tr.differs td.id {{ font-weight: 700; }}\n"
      ".none {{ background: #bbb; }}\n</style>\n</head>\n<body>\n<h1>tcpfault kernel matrix</h1>\n",
      kHtmlStyle);
  out += "<p class=\"totals\">";
  for (size_t j = 0; j < m.columns.size(); ++j) {
    ColumnTotals t = totalsOf(m, j);
    out += fmt::format("{}<b>{}</b>: {} passed, {} failed, {} errors, {} skipped, {} warned", j ? "<br>" : "",
                       xmlText(m.columns[j].label()), t.passed, t.failed, t.errors, t.skipped, t.warned);
  }
  out += "</p>\n<p class=\"meta\">Bold rows differ between kernels.</p>\n<table>\n<tr><th>story</th>";
  for (const KernelColumn& c : m.columns) {
    std::string head = xmlText(c.label());
    // A column made of one report that lies under the page's directory links to it.
    if (c.sources.size() == 1) {
      fs::path report = fs::path(c.sources[0]).parent_path() / "report.html";
      std::error_code ec;
      fs::path rel = fs::relative(report, dir, ec);
      if (!ec && !rel.empty() && rel.begin()->string() != ".." && fs::exists(report, ec))
        head = fmt::format("<a href=\"{}\">{}</a>", xmlAttr(rel.generic_string()), head);
    }
    out += "<th>" + head + "</th>";
  }
  out += "</tr>\n";
  for (size_t i = 0; i < m.rows.size(); ++i) {
    out += fmt::format("<tr{}><td class=\"id\">{}</td>", m.differs(i) ? " class=\"differs\"" : "",
                       xmlText(m.rows[i].id()));
    for (size_t j = 0; j < m.columns.size(); ++j) {
      const KernelCell& c = m.cells[i][j];
      std::string badge = fmt::format("<span class=\"badge {}\">{}</span>", c.outcome(), xmlText(c.word()));
      if (c.errors || c.failed)
        badge = fmt::format("<a href=\"#f-{}-{}\">{}</a>", i, j, badge);
      std::string title = c.message.empty() ? "" : fmt::format(" title=\"{}\"", xmlAttr(c.message));
      out += fmt::format("<td class=\"cell\"{}>{}</td>", title, badge);
    }
    out += "</tr>\n";
  }
  out += "</table>\n";
  bool any = false;
  for (size_t i = 0; i < m.rows.size(); ++i)
    for (size_t j = 0; j < m.columns.size(); ++j) {
      const KernelCell& c = m.cells[i][j];
      if (!c.errors && !c.failed) continue;
      if (!any) out += "<h2>Failures</h2>\n";
      any = true;
      out += fmt::format(
          "<section class=\"run\" id=\"f-{}-{}\"><span class=\"badge {}\">{}</span> <b>{}</b> on {}\n"
          "<div class=\"meta\">{}</div>\n<div class=\"message\">{}</div>\n",
          i, j, c.outcome(), xmlText(c.word()), xmlText(m.rows[i].id()), xmlText(m.columns[j].label()),
          xmlText(where(m.rows[i], c)), xmlText(c.message));
      if (!c.step.empty() || !c.expected.empty() || !c.observed.empty())
        out += fmt::format(
            "<table class=\"steps\"><tr><th>step</th><td><code>{}</code></td></tr>"
            "<tr><th>expected</th><td><code>{}</code></td></tr>"
            "<tr><th>this kernel</th><td><code>{}</code></td></tr></table>\n",
            xmlText(c.step), xmlText(nullable(c.expected)), xmlText(nullable(c.observed)));
      out += "</section>\n";
    }
  out += "</body>\n</html>\n";
  return out;
}

std::string kernelMatrixJson(const KernelMatrix& m) {
  using nlohmann::json;
  auto orNull = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  json doc = {{"tool", "tcpfault"}, {"kind", "kernel-matrix"}, {"schema", 1}};
  json columns = json::array();
  for (size_t j = 0; j < m.columns.size(); ++j) {
    ColumnTotals t = totalsOf(m, j);
    columns.push_back({{"kernel", m.columns[j].kernel},
                       {"privilege", m.columns[j].privilege},
                       {"sources", m.columns[j].sources},
                       {"totals",
                        {{"passed", t.passed},
                         {"failed", t.failed},
                         {"errors", t.errors},
                         {"skipped", t.skipped},
                         {"warned", t.warned}}}});
  }
  doc["columns"] = columns;
  json rows = json::array();
  for (size_t i = 0; i < m.rows.size(); ++i) {
    json cells = json::array();
    for (const KernelCell& c : m.cells[i])
      cells.push_back({{"outcome", c.outcome()},
                       {"passed", c.passed},
                       {"failed", c.failed},
                       {"errors", c.errors},
                       {"skipped", c.skipped},
                       {"warned", c.warned},
                       {"line", c.line},
                       {"message", orNull(c.message)},
                       {"step", orNull(c.step)},
                       {"expected", orNull(c.expected)},
                       {"observed", orNull(c.observed)}});
    rows.push_back({{"id", m.rows[i].id()},
                    {"scenario", m.rows[i].scenario},
                    {"server", orNull(m.rows[i].server)},
                    {"file", m.rows[i].file},
                    {"differs", m.differs(i)},
                    {"cells", cells}});
  }
  doc["rows"] = rows;
  doc["exitCode"] = m.exitCode();
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace tcpfault::report
