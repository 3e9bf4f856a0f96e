#include "reports/HtmlReporter.h"

#include <fmt/format.h>

#include "reports/HtmlStyle.h"
#include "reports/LadderDiagram.h"
#include "reports/RunSummary.h"
#include "reports/ServerCard.h"
#include "reports/ServerMatrix.h"
#include "reports/XmlEscape.h"

namespace tcpfault::report {
namespace {

std::string badge(Status s) {
  return fmt::format("<span class=\"badge {0}\">{0}</span>", statusName(s));
}

std::string anchor(size_t i) { return fmt::format("run-{}", i + 1); }

std::string pcapLink(const RunRecord& r) {
  if (r.pcapFile.empty()) return "";
  return fmt::format("<a href=\"{}\">pcap</a>", xmlAttr(r.pcapFile));
}

std::string summaryTable(const std::vector<RunRecord>& runs) {
  std::string html =
      "<table class=\"summary\">\n<tr><th>status</th><th>run</th><th>time</th><th>ref</th>"
      "<th>pcap</th><th>failure</th></tr>\n";
  for (size_t i = 0; i < runs.size(); ++i) {
    const RunRecord& r = runs[i];
    html += fmt::format(
        "<tr><td>{}</td><td><a href=\"#{}\">{}</a></td><td class=\"num\">{}</td><td>{}</td>"
        "<td>{}</td><td>{}</td></tr>\n",
        badge(r.status), anchor(i), xmlText(r.id()), humanSeconds(r.seconds), xmlText(r.ref),
        pcapLink(r), xmlText(r.message));
  }
  return html + "</table>\n";
}

std::string stepRowClass(const StepRecord& s, const StepRecord* failed) {
  if (&s == failed) return "failed";
  if (s.fault) return "fault";
  return s.outcome == "skipped" ? "skipped" : "";
}

std::string stepTable(const RunRecord& r) {
  if (r.steps.empty()) return "";
  const StepRecord* failed = failedStep(r);
  std::string html =
      "<table class=\"steps\">\n<tr><th>line</th><th>time</th><th>step</th><th>outcome</th>"
      "<th>expected</th><th>observed</th></tr>\n";
  for (const StepRecord& s : r.steps) {
    html += fmt::format(
        "<tr class=\"{}\"><td class=\"num\">{}</td><td class=\"num mono\">{:.3f}\u2013{:.3f}s</td>"
        "<td><code>{}</code></td><td class=\"outcome\">{}</td><td><code>{}</code></td>"
        "<td><code>{}</code></td></tr>\n",
        stepRowClass(s, failed), s.line, s.start, s.end, xmlText(s.text), xmlText(s.outcome),
        xmlText(s.expected), xmlText(s.observed));
  }
  return html + "</table>\n";
}

std::string runSection(const RunRecord& r, size_t i) {
  bool open = r.status == Status::Fail || r.status == Status::Error || r.status == Status::Warn;
  std::string html = fmt::format(
      "<section class=\"run\" id=\"{}\"><details{}><summary>{} <h2>{}</h2> "
      "<span class=\"meta\">{}</span></summary>\n",
      anchor(i), open ? " open" : "", badge(r.status), xmlText(r.id()), humanSeconds(r.seconds));
  html += fmt::format("<div class=\"meta\"><code>{}</code>{}{} &middot; started {} {}</div>\n",
                      xmlText(failureLocation(r)), r.ref.empty() ? "" : " &middot; ",
                      xmlText(r.ref), xmlText(r.startedAt), pcapLink(r));
  if (!r.message.empty()) html += "<div class=\"message\">" + xmlText(r.message) + "</div>\n";
  html += stepTable(r) + ladderSvg(r);
  if (!r.log.empty())
    html += "<details><summary>log</summary><pre class=\"log\">" + xmlText(r.log) +
            "</pre></details>\n";
  return html + "</details></section>\n";
}

}  // namespace

std::string htmlDocument(const std::vector<RunRecord>& runs, double wallSeconds) {
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>tcpfault report: {}</title>\n<style>{}</style></head>\n<body>\n"
      "<h1>tcpfault report</h1>\n<p class=\"totals\">{} &middot; {} runs in {} (wall)</p>\n",
      xmlText(totalsLine(countRuns(runs))), kHtmlStyle, xmlText(totalsLine(countRuns(runs))),
      runs.size(), humanSeconds(wallSeconds));
  html += summaryTable(runs);
  html += cardHtml(serverCard(runs));
  html += matrixHtml(serverMatrix(runs));
  for (size_t i = 0; i < runs.size(); ++i) html += runSection(runs[i], i);
  return html + "</body></html>\n";
}

}  // namespace tcpfault::report
