// The server card: property x server, the worst verdict of each cell (fail over warn
// over pass over skip) with the run that decided it, in the terminal and in JSON.
#include <gtest/gtest.h>

#include "SampleRuns.h"
#include "reports/DocumentReporter.h"
#include "reports/JsonReporter.h"
#include "reports/ServerCard.h"
#include "tests/support/TempDir.h"

namespace tcpfault::report {
namespace {

PropertyVerdict cardVerdict(const char* name, const char* v, int rank, int line = 0) {
  PropertyVerdict p;
  p.name = name;
  p.verdict = v;
  p.rank = rank;
  p.line = line;
  p.meaning = std::string("what ") + name + " means";
  p.fix = std::string("how to fix ") + name;
  if (std::string(v) != "pass") {
    p.step = "client   read c    => 0";
    p.expected = "0";
    p.observed = std::string(v) == "skip" ? "needs echo" : "still blocked after 5.5s";
  }
  return p;
}

RunRecord cardRun(const char* story, const char* server, Status s, std::vector<PropertyVerdict> props) {
  RunRecord r;
  r.scenario = story;
  r.server = server;
  r.status = s;
  r.properties = std::move(props);
  return r;
}

std::vector<RunRecord> cardRuns() {
  return {
      cardRun("half-close-echo", "good", Status::Pass, {cardVerdict("half-close", "pass", 2), cardVerdict("no-leak", "pass", 3)}),
      cardRun("half-close-echo", "bad", Status::Fail, {cardVerdict("half-close", "fail", 2, 21)}),
      cardRun("fin-lost", "bad", Status::Pass, {cardVerdict("half-close", "pass", 2), cardVerdict("no-leak", "fail", 3)}),
      cardRun("dead-peer", "good", Status::Warn, {cardVerdict("dead-peer-detection", "warn", 9, 23)}),
      cardRun("ipv6-dual-stack", "bad", Status::Skip, {cardVerdict("ipv6", "skip", 1)}),
      cardRun("no-server-story", "", Status::Fail, {}),
  };
}

TEST(ServerCard, EachCellTakesTheWorstVerdictAndTheRunThatDecidedIt) {
  ServerCard card = serverCard(cardRuns());
  ASSERT_EQ(card.servers, (std::vector<std::string>{"good", "bad"}));
  std::vector<std::string> rows;
  for (const auto& r : card.rows) rows.push_back(r.property);
  EXPECT_EQ(rows, (std::vector<std::string>{"ipv6", "half-close", "no-leak", "dead-peer-detection"}));
  const CardRow& half = card.rows[1];
  EXPECT_EQ(half.cells[0].verdict(), "pass");
  EXPECT_EQ(half.cells[1].verdict(), "fail");  // one fail outweighs a pass
  EXPECT_EQ(half.cells[1].where(), "half-close-echo:21");
  EXPECT_EQ(card.rows[2].cells[1].where(), "fin-lost epilogue");
  EXPECT_EQ(card.rows[3].cells[0].verdict(), "warn");
  EXPECT_EQ(card.rows[3].cells[1].verdict(), "none");
  EXPECT_EQ(card.rows[0].cells[1].verdict(), "skip");
  EXPECT_EQ(card.fails(), 2);
}

TEST(ServerCard, TextShowsEvidenceAndFixForFailsAndWarnsAndSkipReasons) {
  std::string text = cardText(serverCard(cardRuns()));
  EXPECT_NE(text.find("half-close  "), std::string::npos) << text;
  EXPECT_NE(text.find("  half-close [bad] FAIL: what half-close means (decided by half-close-echo:21: "
                      "client read c => 0)\n      expected 0, got still blocked after 5.5s\n"
                      "      fix: how to fix half-close\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  dead-peer-detection [good] WARN: "), std::string::npos) << text;
  EXPECT_NE(text.find("  ipv6 [bad] skip: needs echo\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("no-server-story"), std::string::npos) << text;
  EXPECT_EQ(cardText(serverCard({})), "");
}

TEST(ServerCard, HtmlShowsVerdictBadgesEvidenceAndFixEscaped) {
  auto runs = cardRuns();
  runs[1].properties[0].observed = "<script>";
  std::string html = cardHtml(serverCard(runs));
  EXPECT_NE(html.find("<table class=\"card summary\">"), std::string::npos) << html;
  EXPECT_NE(html.find("<span class=\"badge fail\">fail</span>"), std::string::npos) << html;
  EXPECT_NE(html.find("<span class=\"badge warn\">warn</span>"), std::string::npos) << html;
  EXPECT_NE(html.find("<code>half-close-echo:21</code> client read c =&gt; 0<br>expected 0, got &lt;script&gt;"),
            std::string::npos) << html;
  EXPECT_EQ(html.find("<script>"), std::string::npos) << html;
  EXPECT_NE(html.find("fix: how to fix half-close"), std::string::npos) << html;
}

constexpr const char* kCard = R"PY(
import json, sys
c = json.load(open(sys.argv[1], encoding="utf-8"))["card"]
print(" ".join(c["servers"]))
for row in c["properties"]:
    for cell in row["cells"]:
        print(row["property"], cell["server"], cell["verdict"], cell["story"], cell["line"], cell["observed"])
)PY";

TEST(ServerCard, JsonCarriesTheCardUnderCard) {
  tcpfault::testsupport::TempDir dir;
  DocumentReporter(dir.path(), "results.json", jsonDocument).finish(cardRuns(), 1.0);
  auto py = runPython(kCard, (dir.path() / "results.json").string());
  if (!py.ran) GTEST_SKIP() << "python3 not installed";
  ASSERT_EQ(py.status, 0) << py.out;
  EXPECT_EQ(py.out,
            "good bad\n"
            "ipv6 good none None 0 None\n"
            "ipv6 bad skip ipv6-dual-stack 0 needs echo\n"
            "half-close good pass None 0 None\n"
            "half-close bad fail half-close-echo 21 still blocked after 5.5s\n"
            "no-leak good pass None 0 None\n"
            "no-leak bad fail fin-lost 0 still blocked after 5.5s\n"
            "dead-peer-detection good warn dead-peer 23 still blocked after 5.5s\n"
            "dead-peer-detection bad none None 0 None\n");
}

}  // namespace
}  // namespace tcpfault::report
