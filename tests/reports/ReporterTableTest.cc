#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "SampleRuns.h"
#include "tests/support/TempDir.h"
#include "reports/record/ReportFiles.h"
#include "reports/Reporter.h"

namespace tcpfault::report {
namespace {

using ::testing::HasSubstr;

TEST(ReporterTable, EveryKindWritesTheFileItNames) {
  tcpfault::testsupport::TempDir dir;
  std::ostringstream terminal;
  ReportOptions o;
  o.dir = ReportDir::open(dir.path() / "report");
  o.out = &terminal;
  for (const ReporterKind& kind : reporterKinds()) {
    makeReporter(kind.name, o)->finish(tcpfault::reporttest::sampleRuns(), 1);
    if (!kind.file.empty()) {
      EXPECT_TRUE(std::filesystem::exists(o.dir->path() / kind.file)) << kind.name;
    }
  }
  EXPECT_THAT(terminal.str(), HasSubstr("1 passed, 2 failed, 1 skipped"));
}

TEST(ReporterTable, UnknownNameListsTheKnownOnes) {
  EXPECT_THAT([] { makeReporter("xml", {}); },
              ::testing::ThrowsMessage<std::invalid_argument>(HasSubstr("junit")));
}

TEST(ReportFiles, PcapFileNameKeepsOnlySafeCharacters) {
  RunRecord r;
  r.scenario = "rst-before-accept";
  r.server = "fork echo/../x";
  EXPECT_EQ(pcapFileName(r), "pcap/rst-before-accept__fork_echo_.._x_.pcap");
  r.server.clear();
  r.scenario = "..";
  EXPECT_EQ(pcapFileName(r), "pcap/run.pcap");
}

TEST(ReportFiles, WriteFailureNamesThePathAndErrno) {
  EXPECT_THAT([] { ReportDir::open("/proc/no-such-dir"); },
              ::testing::ThrowsMessage<std::system_error>(HasSubstr("/proc/no-such-dir")));
}

}  // namespace
}  // namespace tcpfault::report
