// A profile's start line: placeholders expanded once, left to right, each value one
// shell word whatever it holds; the `ulimit -n` prefix quoted too.
#include "scenarios/runner/exec/StartLine.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <map>
#include <string>

namespace tcpfault::scenario {
namespace {

const std::map<std::string, std::string> kValues{
    {"port", "9877"}, {"reap", "waitpid"}, {"no-restart", ""}, {"here", "/opt/my servers"}};

// What /bin/sh makes of line: each word of `printf '%s|'` (the line must start with it).
std::string wordsOf(const std::string& line) {
  FILE* p = ::popen(line.c_str(), "r");
  if (!p) return "popen failed";
  std::string out;
  char buf[256];
  while (size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int status = ::pclose(p);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? out : out + " (failed)";
}

// `start server $server --reap {reap}` with a --server-cmd that says {reap}: the value
// is the placeholder itself. Each replacement searched from the start: it spun for ever.
TEST(StartLine, AValueHoldingItsOwnPlaceholderIsSubstitutedOnce) {
  auto values = kValues;
  values["reap"] = "{reap}";
  EXPECT_EQ(expandStartLine("srv --reap {reap} --port {port}", values),
            "srv --reap '{reap}' --port '9877'");
}

TEST(StartLine, APathWithASpaceIsOneWord) {
  std::string line = expandStartLine("printf '%s|' {here}/echo.py --port {port}", kValues);
  EXPECT_EQ(wordsOf(line), "/opt/my servers/echo.py|--port|9877|");
}

TEST(StartLine, QuotesAndDollarsInAValueAreNotInterpreted) {
  auto values = kValues;
  values["here"] = "it's $(echo no) `echo no` \\";
  EXPECT_EQ(wordsOf(expandStartLine("printf '%s|' {here}", values)), "it's $(echo no) `echo no` \\|");
}

TEST(StartLine, AnEmptyValueAddsNoWordAndUnknownBracesStay) {
  EXPECT_EQ(expandStartLine("awk '{print}' {no-restart}{port} {nope} {", kValues),
            "awk '{print}' '9877' {nope} {");
}

TEST(StartLine, TheUlimitPrefixIsQuoted) {
  std::string maxFds = "64; echo injected";
  std::string line = startShellLine("srv --port {port}", kValues, &maxFds);
  EXPECT_EQ(line, "ulimit -n '64; echo injected' && exec srv --port '9877'");
  EXPECT_EQ(startShellLine("srv", kValues, nullptr), "exec srv");
}

}  // namespace
}  // namespace tcpfault::scenario
