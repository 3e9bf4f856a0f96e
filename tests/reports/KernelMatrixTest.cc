// The kernel matrix: results.json files from several kernels (and machines) merged into
// story x kernel, with what a failing kernel did; its table, page and JSON.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "reports/matrix/KernelMatrix.h"
#include "reports/matrix/KernelMatrixDocuments.h"
#include "reports/matrix/ResultsJson.h"
#include "tests/support/TempDir.h"

namespace tcpfault::report {
namespace {

using nlohmann::json;

json passRun(const std::string& scenario, const std::string& server) {
  return {{"id", scenario + " [" + server + "]"}, {"scenario", scenario}, {"server", server},
          {"file", "scenarios/crash/" + scenario + ".scn"}, {"status", "pass"}, {"message", nullptr},
          {"failedLine", 0}, {"seconds", 1.5}, {"steps", json::array()}};
}

json failRun(const std::string& scenario, const std::string& server) {
  json r = passRun(scenario, server);
  r["status"] = "fail";
  r["message"] = "expected -1 ETIMEDOUT after >= 5s, got after 3.1s (x.scn:21)";
  r["failedLine"] = 21;
  r["steps"] = json::array({
      {{"line", 12}, {"text", "client connect c"}, {"outcome", "ok"}, {"expected", nullptr}, {"observed", "0"}},
      {{"line", 21}, {"text", "client read c => -1 ETIMEDOUT after >= 5s"}, {"outcome", "failed"},
       {"expected", "-1 ETIMEDOUT after >= 5s"}, {"observed", "-1 ETIMEDOUT after 3.1s"}}});
  return r;
}

std::string results(const std::string& kernel, const std::string& privilege, const json& runs) {
  json doc = {{"tool", "tcpfault"}, {"schema", 1}, {"runs", runs}};
  if (!kernel.empty()) doc["environment"] = {{"kernel", kernel}, {"machine", "x86_64"}, {"privilege", privilege}};
  return doc.dump();
}

ResultsFile file(const std::string& kernel, const std::string& privilege, const json& runs,
                 const std::string& path = "r/results.json") {
  return parseResults(results(kernel, privilege, runs), path);
}

// Columns by kernel version (6.1 before 6.9 before 6.12 before 6.18), whatever order the
// files came in; rows by story, then server.
TEST(KernelMatrix, OrdersKernelsByVersionAndRowsByName) {
  KernelMatrix m = mergeResults({
      file("6.18.44", "root", json::array({passRun("b", "fork-echo")})),
      file("6.9.2", "root", json::array()),
      file("6.12.118+deb12-amd64", "root", json::array({passRun("b", "fork-echo"), passRun("a", "x")})),
      file("6.1.0-57-amd64", "root", json::array({passRun("a", "x")})),
  });
  ASSERT_EQ(m.columns.size(), 4u);
  EXPECT_EQ(m.columns[0].kernel, "6.1.0-57-amd64");
  EXPECT_EQ(m.columns[1].kernel, "6.9.2");
  EXPECT_EQ(m.columns[2].kernel, "6.12.118+deb12-amd64");
  EXPECT_EQ(m.columns[3].kernel, "6.18.44");
  ASSERT_EQ(m.rows.size(), 2u);
  EXPECT_EQ(m.rows[0].id(), "a [x]");
  EXPECT_EQ(m.rows[1].id(), "b [fork-echo]");
  EXPECT_STREQ(m.cells[0][0].outcome(), "pass");
  EXPECT_STREQ(m.cells[1][0].outcome(), "none");  // b never ran on 6.1
  EXPECT_EQ(m.exitCode(), 0);
}

// A failing cell says what the story expected and what this kernel did, from the
// failed step of results.json.
TEST(KernelMatrix, AFailingCellKeepsExpectedAndObserved) {
  KernelMatrix m = mergeResults({
      file("6.1.0-57-amd64", "root", json::array({failRun("server-host-crash", "fork-echo")})),
      file("6.18.44", "root", json::array({passRun("server-host-crash", "fork-echo")})),
  });
  const KernelCell& c = m.cells[0][0];
  EXPECT_STREQ(c.outcome(), "fail");
  EXPECT_EQ(c.line, 21);
  EXPECT_EQ(c.step, "client read c => -1 ETIMEDOUT after >= 5s");
  EXPECT_EQ(c.expected, "-1 ETIMEDOUT after >= 5s");
  EXPECT_EQ(c.observed, "-1 ETIMEDOUT after 3.1s");
  EXPECT_EQ(c.word(), "FAIL:21");
  EXPECT_TRUE(m.differs(0));
  EXPECT_EQ(m.exitCode(), 1);
}

// The same kernel and privilege from two machines (or --repeat) add up in one cell: one
// failure among them makes the cell fail; a harness error outranks it.
TEST(KernelMatrix, SameKernelFromTwoMachinesAddsUp) {
  KernelMatrix m = mergeResults({
      file("6.1.0-57-amd64", "root", json::array({passRun("s", "fork-echo")}), "a/results.json"),
      file("6.1.0-57-amd64", "root", json::array({failRun("s", "fork-echo")}), "b/results.json"),
      file("6.1.0-57-amd64", "userns", json::array({passRun("s", "fork-echo")})),
  });
  ASSERT_EQ(m.columns.size(), 2u);  // root and userns are columns of their own
  EXPECT_EQ(m.columns[0].label(), "6.1.0-57-amd64 root");
  EXPECT_EQ(m.columns[0].sources, (std::vector<std::string>{"a/results.json", "b/results.json"}));
  const KernelCell& c = m.cells[0][0];
  EXPECT_EQ(c.passed, 1);
  EXPECT_EQ(c.failed, 1);
  EXPECT_EQ(c.word(), "FAIL:21 1/2");
  EXPECT_TRUE(m.differs(0));

  json error = passRun("s", "fork-echo");
  error["status"] = "error";
  error["message"] = "nft_compat NFQUEUE rule: ENOENT";
  KernelMatrix e = mergeResults({file("6.1", "root", json::array({failRun("s", "fork-echo"), error}))});
  EXPECT_STREQ(e.cells[0][0].outcome(), "error");
  EXPECT_EQ(e.cells[0][0].message, "nft_compat NFQUEUE rule: ENOENT");
  EXPECT_EQ(e.exitCode(), 4);
}

// A warning (the card's dead-peer-detection when a server never frees a dead peer's
// connection) is a policy, not a failure: it reads, shows and exits as a pass with a note.
TEST(KernelMatrix, AWarnedRunIsNotAFailure) {
  json warn = passRun("dead-peer-detection", "epoll-et-echo");
  warn["status"] = "warn";
  warn["message"] = "expected 0 ESTABLISHED, got 1 (dead-peer-detection.scn:24)";
  warn["failedLine"] = 24;
  KernelMatrix m = mergeResults({file("6.1.0-57-amd64", "root", json::array({warn})),
                                 file("6.12.118", "root", json::array({passRun("dead-peer-detection", "epoll-et-echo")}))});
  const KernelCell& c = m.cells[0][0];
  EXPECT_EQ(c.warned, 1);
  EXPECT_STREQ(c.outcome(), "warn");
  EXPECT_EQ(c.word(), "warn");
  EXPECT_EQ(c.line, 24);
  EXPECT_TRUE(m.differs(0));
  EXPECT_EQ(m.exitCode(), 0);
  std::string text = kernelMatrixText(m);
  EXPECT_NE(text.find("warnings (policies, not failures):\n  dead-peer-detection [epoll-et-echo] on 6.1.0-57-amd64 root: "
                      "expected 0 ESTABLISHED"),
            std::string::npos) << text;
  EXPECT_NE(text.find("0 skipped, 1 warned"), std::string::npos) << text;
  EXPECT_EQ(json::parse(kernelMatrixJson(m))["rows"][0]["cells"][0]["outcome"], "warn");
}

// A results.json from before "environment" existed: its directory names the kernel.
TEST(ResultsJson, WithoutEnvironmentTheDirectoryNamesTheKernel) {
  ResultsFile f = parseResults(results("", "", json::array({passRun("s", "x")})), "out/6.1.0-50-amd64/results.json");
  EXPECT_EQ(f.environment.kernel, "6.1.0-50-amd64");
  EXPECT_EQ(f.environment.privilege, "unknown");
}

TEST(ResultsJson, BadInputNamesFileLineAndColumn) {
  try {
    parseResults("{\n  \"tool\": \"tcpfault\",\n  \"runs\": [,]\n}", "x/results.json");
    FAIL() << "no error";
  } catch (const ResultsError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("x/results.json:3:12: error: not JSON", 0), 0u) << e.what();
  }
  EXPECT_THROW(parseResults("{\"tool\": \"other\", \"runs\": []}", "y"), ResultsError);
  EXPECT_THROW(parseResults(results("6.1", "root", json::array({{{"scenario", "s"}, {"status", "odd"}}})), "z"),
               ResultsError);
  json noSchema = json::parse(results("6.1", "root", json::array()));
  noSchema["schema"] = 2;
  EXPECT_THROW(parseResults(noSchema.dump(), "w"), ResultsError);
}

TEST(ResultsJson, FindsResultsUnderDirectoriesSorted) {
  tcpfault::testsupport::TempDir dir;
  for (const char* k : {"6.12", "6.1"}) {
    std::filesystem::create_directories(dir.path() / k);
    std::ofstream(dir.path() / k / "results.json") << results(k, "root", json::array());
  }
  auto found = findResults({dir.path()});
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0], dir.path() / "6.1" / "results.json");
  EXPECT_THROW(findResults({dir.path() / "nothing"}), ResultsError);
}

// The table: a "*" on rows that differ, each failure with expected and got, a totals
// line per kernel.
TEST(KernelMatrixDocuments, TextShowsTheDifferenceAndWhatTheKernelDid) {
  KernelMatrix m = mergeResults({
      file("6.1.0-57-amd64", "root", json::array({failRun("crash", "fork-echo"), passRun("echo", "fork-echo")})),
      file("6.18.44", "root", json::array({passRun("crash", "fork-echo"), passRun("echo", "fork-echo")})),
  });
  EXPECT_EQ(kernelMatrixText(m),
            "  story              6.1.0-57-amd64 root  6.18.44 root\n"
            "* crash [fork-echo]  FAIL:21              pass\n"
            "  echo [fork-echo]   pass                 pass\n"
            "\nfailures:\n"
            "crash [fork-echo] on 6.1.0-57-amd64 root: failed (scenarios/crash/crash.scn:21)\n"
            "    step:     client read c => -1 ETIMEDOUT after >= 5s\n"
            "    expected: -1 ETIMEDOUT after >= 5s\n"
            "    got:      -1 ETIMEDOUT after 3.1s\n"
            "    message:  expected -1 ETIMEDOUT after >= 5s, got after 3.1s (x.scn:21)\n"
            "\n6.1.0-57-amd64 root: 1 passed, 1 failed, 0 errors, 0 skipped, 0 warned\n"
            "6.18.44 root: 2 passed, 0 failed, 0 errors, 0 skipped, 0 warned\n");
}

TEST(KernelMatrixDocuments, JsonReadsBackAndHtmlEscapes) {
  json bad = failRun("crash", "fork-echo");
  bad["steps"][1]["observed"] = "<script>alert(1)</script>";
  KernelMatrix m = mergeResults({file("6.1", "root", json::array({bad})),
                                 file("6.12", "userns", json::array({passRun("crash", "fork-echo")}))});
  json doc = json::parse(kernelMatrixJson(m));
  EXPECT_EQ(doc["kind"], "kernel-matrix");
  EXPECT_EQ(doc["columns"][1]["privilege"], "userns");
  EXPECT_EQ(doc["rows"][0]["cells"][0]["outcome"], "fail");
  EXPECT_EQ(doc["rows"][0]["cells"][0]["observed"], "<script>alert(1)</script>");
  EXPECT_EQ(doc["rows"][0]["cells"][1]["expected"], nullptr);
  EXPECT_EQ(doc["rows"][0]["differs"], true);
  EXPECT_EQ(doc["exitCode"], 1);
  std::string html = kernelMatrixHtml(m, "/nonexistent");
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("id=\"f-0-0\""), std::string::npos);  // the failure's section
}

}  // namespace
}  // namespace tcpfault::report
