#include "reports/matrix/ResultsJson.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace tcpfault::report {
namespace {

using nlohmann::json;

std::string text(const json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int integer(const json& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->is_number_integer() ? it->get<int>() : 0;
}

Status statusFrom(const std::string& s, const std::filesystem::path& path, const std::string& id) {
  if (s == "pass") return Status::Pass;
  if (s == "fail") return Status::Fail;
  if (s == "skip") return Status::Skip;
  if (s == "error") return Status::Error;
  if (s == "warn") return Status::Warn;  // ran, and met a policy worth knowing (the card)
  throw ResultsError(fmt::format("{}: error: run '{}' has unknown status '{}'", path.string(), id, s));
}

// Byte offset -> "LINE:COL" (1-based), for nlohmann's parse errors.
std::string lineCol(const std::string& text, size_t byte) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return fmt::format("{}:{}", line, col);
}

}  // namespace

ResultsFile parseResults(const std::string& body, const std::filesystem::path& path) {
  json doc;
  try {
    doc = json::parse(body);
  } catch (const json::parse_error& e) {
    // e.byte is 1-based: the character that made the document invalid.
    throw ResultsError(fmt::format("{}:{}: error: not JSON ({})", path.string(),
                                   lineCol(body, e.byte > 0 ? e.byte - 1 : 0), e.what()));
  }
  if (!doc.is_object() || text(doc, "tool") != "tcpfault" || !doc.contains("runs") ||
      !doc["runs"].is_array())
    throw ResultsError(fmt::format("{}: error: not a tcpfault results.json (no \"tool\": \"tcpfault\" "
                                   "with a \"runs\" array)", path.string()));
  if (integer(doc, "schema") != 1)
    throw ResultsError(fmt::format("{}: error: results.json schema {} (this reader knows 1)",
                                   path.string(), integer(doc, "schema")));
  ResultsFile f;
  f.path = path;
  if (auto env = doc.find("environment"); env != doc.end() && env->is_object()) {
    f.environment.kernel = text(*env, "kernel");
    f.environment.machine = text(*env, "machine");
    f.environment.privilege = text(*env, "privilege");
  }
  if (f.environment.kernel.empty()) f.environment.kernel = path.parent_path().filename().string();
  if (f.environment.privilege.empty()) f.environment.privilege = "unknown";
  for (const json& r : doc["runs"]) {
    if (!r.is_object())
      throw ResultsError(fmt::format("{}: error: a run is not an object", path.string()));
    RunRecord run;
    run.scenario = text(r, "scenario");
    run.server = text(r, "server");
    if (run.scenario.empty())
      throw ResultsError(fmt::format("{}: error: a run without \"scenario\"", path.string()));
    run.group = text(r, "group");
    run.file = text(r, "file");
    run.ref = text(r, "ref");
    run.status = statusFrom(text(r, "status"), path, run.id());
    run.message = text(r, "message");
    run.failedLine = integer(r, "failedLine");
    if (auto s = r.find("seconds"); s != r.end() && s->is_number()) run.seconds = s->get<double>();
    run.pcapFile = text(r, "pcapFile");
    if (auto steps = r.find("steps"); steps != r.end() && steps->is_array()) {
      for (const json& s : *steps) {
        if (!s.is_object()) continue;
        StepRecord step;
        step.line = integer(s, "line");
        step.text = text(s, "text");
        step.outcome = text(s, "outcome");
        step.expected = text(s, "expected");
        step.observed = text(s, "observed");
        step.fault = s.value("fault", false);
        run.steps.push_back(std::move(step));
      }
    }
    f.runs.push_back(std::move(run));
  }
  return f;
}

ResultsFile readResults(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ResultsError(fmt::format("{}: error: cannot read", path.string()));
  std::stringstream body;
  body << in.rdbuf();
  return parseResults(body.str(), path);
}

std::vector<std::filesystem::path> findResults(const std::vector<std::filesystem::path>& paths) {
  namespace fs = std::filesystem;
  std::vector<fs::path> found;
  for (const fs::path& p : paths) {
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) {
      found.push_back(p);
      continue;
    }
    if (!fs::is_directory(p, ec))
      throw ResultsError(fmt::format("{}: error: no such file or directory", p.string()));
    std::vector<fs::path> here;
    for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec))
      if (it->path().filename() == "results.json" && it->is_regular_file()) here.push_back(it->path());
    if (ec) throw ResultsError(fmt::format("{}: error: {}", p.string(), ec.message()));
    if (here.empty()) throw ResultsError(fmt::format("{}: error: no results.json in it", p.string()));
    std::sort(here.begin(), here.end());
    found.insert(found.end(), here.begin(), here.end());
  }
  return found;
}

}  // namespace tcpfault::report
