#include "reports/JsonReporter.h"

#include "reports/JsonWriter.h"
#include "reports/RunEnvironment.h"
#include "reports/RunSummary.h"
#include "reports/SegmentLabels.h"
#include "reports/ServerCard.h"
#include "reports/ServerMatrix.h"

namespace tcpfault::report {
namespace {

// An empty string is written as null: "nothing expected", "no pcap".
JsonWriter& optionalText(JsonWriter& w, std::string_view name, const std::string& text) {
  w.key(name);
  return text.empty() ? w.null() : w.value(text);
}

void writeStep(JsonWriter& w, const StepRecord& s) {
  w.beginObject().field("line", s.line).field("text", s.text).field("outcome", s.outcome);
  w.field("start", s.start).field("end", s.end);
  optionalText(w, "expected", s.expected);
  optionalText(w, "observed", s.observed);
  w.field("fault", s.fault).endObject();
}

void writeSegment(JsonWriter& w, const Segment& s, const std::string& label) {
  w.beginObject().field("t", s.t).field("src", s.src).field("dst", s.dst);
  w.field("sport", unsigned{s.sport}).field("dport", unsigned{s.dport});
  w.field("flags", s.flags).field("seq", s.seq).field("ack", s.ack).field("len", s.len);
  w.field("icmp", s.icmp);
  optionalText(w, "icmpText", s.icmpText);
  w.field("label", label).endObject();
}

void writeProperties(JsonWriter& w, const RunRecord& r) {
  w.key("properties").beginArray();
  for (const auto& v : r.properties) {
    w.beginObject().field("property", v.name).field("verdict", v.verdict).field("line", v.line);
    optionalText(w, "step", v.step);
    optionalText(w, "expected", v.expected);
    optionalText(w, "observed", v.observed);
    w.endObject();
  }
  w.endArray();
}

void writeRun(JsonWriter& w, const RunRecord& r) {
  w.beginObject().field("id", r.id()).field("scenario", r.scenario);
  optionalText(w, "server", r.server);
  w.field("group", r.group).field("file", r.file).field("ref", r.ref);
  w.field("status", statusName(r.status));
  optionalText(w, "message", r.message);
  w.field("failedLine", r.failedLine).field("seconds", r.seconds).field("startedAt", r.startedAt);
  optionalText(w, "pcapFile", r.pcapFile);
  w.key("steps").beginArray();
  for (const StepRecord& s : r.steps) writeStep(w, s);
  w.endArray().key("segments").beginArray();
  std::vector<std::string> labels = segmentLabels(r.segments);
  for (size_t i = 0; i < r.segments.size(); ++i) writeSegment(w, r.segments[i], labels[i]);
  w.endArray();
  writeProperties(w, r);
  w.field("log", r.log).endObject();
}

// The report card: a row per story, a cell per server in the same order as "servers",
// so a CI step can read one story's verdict on one server without grouping the runs.
void writeMatrix(JsonWriter& w, const ServerMatrix& m) {
  w.key("matrix").beginObject().key("servers").beginArray();
  for (const auto& s : m.servers) w.value(s);
  w.endArray().key("stories").beginArray();
  for (size_t i = 0; i < m.stories.size(); ++i) {
    w.beginObject().field("story", m.stories[i]).key("cells").beginArray();
    for (size_t j = 0; j < m.servers.size(); ++j) {
      const MatrixCell& c = m.cells[i][j];
      w.beginObject().field("server", m.servers[j]).field("outcome", c.outcome());
      w.field("passed", c.passed).field("failed", c.failed).field("skipped", c.skipped);
      w.field("line", c.line);
      optionalText(w, "why", c.why).endObject();
    }
    w.endArray().endObject();
  }
  w.endArray().endObject();
}

// The server card: a row per property, a cell per server in the order of "servers", with
// the verdict, the run that decided it (story, line: 0 = the epilogue) and the evidence.
void writeCard(JsonWriter& w, const ServerCard& card) {
  w.key("card").beginObject().key("servers").beginArray();
  for (const auto& s : card.servers) w.value(s);
  w.endArray().key("properties").beginArray();
  for (const auto& row : card.rows) {
    w.beginObject().field("property", row.property).field("meaning", row.meaning).field("fix", row.fix);
    w.key("cells").beginArray();
    for (size_t j = 0; j < card.servers.size(); ++j) {
      const CardCell& c = row.cells[j];
      w.beginObject().field("server", card.servers[j]).field("verdict", c.verdict());
      w.field("passed", c.passed).field("failed", c.failed).field("warned", c.warned).field("skipped", c.skipped);
      optionalText(w, "story", c.story);
      w.field("line", c.line);
      optionalText(w, "step", c.step);
      optionalText(w, "expected", c.expected);
      optionalText(w, "observed", c.observed);
      w.endObject();
    }
    w.endArray().endObject();
  }
  w.endArray().endObject();
}

}  // namespace

std::string jsonDocument(const std::vector<RunRecord>& runs, double wallSeconds) {
  Totals t = countRuns(runs);
  JsonWriter w;
  w.beginObject().field("tool", "tcpfault").field("schema", kJsonSchemaVersion);
  w.field("wallSeconds", wallSeconds);
  RunEnvironment env = currentEnvironment();
  w.key("environment").beginObject().field("kernel", env.kernel).field("machine", env.machine);
  w.field("privilege", env.privilege).endObject();
  w.key("totals").beginObject().field("runs", t.runs()).field("passed", t.passed);
  w.field("failed", t.failed).field("skipped", t.skipped).field("errors", t.errors);
  w.field("warned", t.warned).endObject();
  w.key("runs").beginArray();
  for (const RunRecord& r : runs) writeRun(w, r);
  w.endArray();
  writeMatrix(w, serverMatrix(runs));
  writeCard(w, serverCard(runs));
  w.endObject();
  return w.str() + "\n";
}

}  // namespace tcpfault::report
