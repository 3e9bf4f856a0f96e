#include "reports/JunitReporter.h"

#include <fmt/format.h>

#include <algorithm>

#include "reports/RunSummary.h"
#include "reports/StepLog.h"
#include "reports/XmlEscape.h"

namespace tcpfault::report {
namespace {

std::string groupName(const RunRecord& run) { return run.group.empty() ? "tcpfault" : run.group; }

// JUnit's XSD wants "2026-11-23T10:40:00": no fraction, no zone (the times are UTC).
std::string junitTimestamp(const std::string& iso) {
  return iso.size() >= 19 ? iso.substr(0, 19) : iso;
}

std::string failureBody(const RunRecord& run) {
  std::string body = failureLocation(run);
  if (const StepRecord* s = failedStep(run)) {
    body += ": " + s->text + "\n";
    if (!s->expected.empty()) body += "expected: " + s->expected + "\n";
    if (!s->observed.empty()) body += "observed: " + s->observed + "\n";
  }
  if (!run.pcapFile.empty()) body += "pcap: " + run.pcapFile + "\n";
  return body;
}

std::string outcomeElement(const RunRecord& run) {
  switch (run.status) {
    case Status::Pass:
    case Status::Warn:  // JUnit knows no warning: the run passed; its system-out says why
      return "";
    case Status::Skip:
      return fmt::format("      <skipped message=\"{}\"/>\n", xmlAttr(run.message));
    case Status::Fail:
      return fmt::format("      <failure message=\"{}\" type=\"expectation\">{}</failure>\n",
                         xmlAttr(run.message), xmlText(failureBody(run)));
    case Status::Error:
      return fmt::format("      <error message=\"{}\" type=\"harness\">{}</error>\n",
                         xmlAttr(run.message), xmlText(failureBody(run)));
  }
  return "";
}

std::string systemOut(const RunRecord& run) {
  std::string text = stepLog(run);
  if (!run.log.empty()) text += "--- log ---\n" + run.log;
  if (text.empty()) return "";
  return "      <system-out>" + xmlText(text) + "</system-out>\n";
}

std::string testcase(const RunRecord& run) {
  std::string attrs = fmt::format("name=\"{}\" classname=\"tcpfault.{}\" time=\"{:.3f}\"",
                                  xmlAttr(run.id()), xmlAttr(groupName(run)), run.seconds);
  if (!run.file.empty()) attrs += fmt::format(" file=\"{}\"", xmlAttr(run.file));
  if (run.failedLine > 0) attrs += fmt::format(" line=\"{}\"", run.failedLine);
  return fmt::format("    <testcase {}>\n{}{}    </testcase>\n", attrs, outcomeElement(run),
                     systemOut(run));
}

std::string testsuite(const std::string& group, const std::vector<const RunRecord*>& runs) {
  Totals t;
  double seconds = 0;
  std::string timestamp;
  std::string cases;
  for (const RunRecord* r : runs) {
    t.add(r->status);
    seconds += r->seconds;
    if (timestamp.empty() || (!r->startedAt.empty() && r->startedAt < timestamp))
      timestamp = r->startedAt;
    cases += testcase(*r);
  }
  std::string attrs = fmt::format(
      "name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{:.3f}\"",
      xmlAttr(group), t.runs(), t.failed, t.errors, t.skipped, seconds);
  if (!timestamp.empty())
    attrs += fmt::format(" timestamp=\"{}\"", xmlAttr(junitTimestamp(timestamp)));
  return fmt::format("  <testsuite {}>\n{}  </testsuite>\n", attrs, cases);
}

}  // namespace

std::string junitDocument(const std::vector<RunRecord>& runs, double wallSeconds) {
  std::vector<std::string> order;  // groups in order of first appearance
  for (const RunRecord& r : runs)
    if (std::find(order.begin(), order.end(), groupName(r)) == order.end())
      order.push_back(groupName(r));
  Totals t = countRuns(runs);
  std::string xml = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"tcpfault\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" "
      "time=\"{:.3f}\">\n",
      t.runs(), t.failed, t.errors, t.skipped, wallSeconds);
  for (const std::string& group : order) {
    std::vector<const RunRecord*> members;
    for (const RunRecord& r : runs)
      if (groupName(r) == group) members.push_back(&r);
    xml += testsuite(group, members);
  }
  return xml + "</testsuites>\n";
}

}  // namespace tcpfault::report
