// What a report dir shared with other users cannot do to a root run, and what a broken
// reporter cannot do to the others; text shown on a terminal is never obeyed by it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "SampleRuns.h"
#include "reports/Reporter.h"
#include "reports/TerminalSafe.h"
#include "reports/record/ReportFiles.h"
#include "tests/support/TempDir.h"

namespace tcpfault::report {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::string readAll(const fs::path& p) {
  std::ifstream f(p);
  return {std::istreambuf_iterator<char>(f), {}};
}

// Another user plants junit.xml (and the old fixed temporary name) as symlinks to a file
// of root's: writing the report replaces the links and leaves the victim as it was.
TEST(ReportFiles, PlantedSymlinksAreReplacedNeverFollowed) {
  tcpfault::testsupport::TempDir dir;
  fs::path victim = dir.path() / "victim";
  std::ofstream(victim) << "precious";
  fs::create_symlink(victim, dir.path() / "junit.xml");
  fs::create_symlink(victim, dir.path() / "junit.xml.tmp");
  writeReportFile(dir.path(), "junit.xml", "<report/>");
  EXPECT_EQ(readAll(victim), "precious");
  EXPECT_FALSE(fs::is_symlink(dir.path() / "junit.xml"));
  EXPECT_EQ(readAll(dir.path() / "junit.xml"), "<report/>");
}

TEST(ReportFiles, ASymlinkedReportDirIsRefused) {
  tcpfault::testsupport::TempDir dir;
  fs::create_directory(dir.path() / "elsewhere");
  fs::create_directory_symlink(dir.path() / "elsewhere", dir.path() / "pcap");
  EXPECT_THROW(writeReportFile(dir.path() / "pcap", "x.pcap", "data"), std::system_error);
  EXPECT_FALSE(fs::exists(dir.path() / "elsewhere" / "x.pcap"));
  EXPECT_THROW(createReportFile(dir.path() / "pcap" / "y.pcap"), std::system_error);
  EXPECT_FALSE(fs::exists(dir.path() / "elsewhere" / "y.pcap"));
}

TEST(ReportFiles, CreateReportFileReplacesAPlantedSymlink) {
  tcpfault::testsupport::TempDir dir;
  fs::path victim = dir.path() / "victim";
  std::ofstream(victim) << "precious";
  fs::create_symlink(victim, dir.path() / "run.pcap");
  UniqueFd fd = createReportFile(dir.path() / "run.pcap");
  ASSERT_TRUE(fd);
  ASSERT_EQ(::write(fd.get(), "pcap", 4), 4);
  EXPECT_EQ(readAll(victim), "precious");
  EXPECT_EQ(readAll(dir.path() / "run.pcap"), "pcap");
}

struct Throwing : Reporter {
  void runFinished(const RunRecord&) override { throw std::runtime_error("disk full"); }
  void finish(const std::vector<RunRecord>&, double) override { throw std::runtime_error("cannot write"); }
};
struct Counting : Reporter {
  int* finished;
  explicit Counting(int* n) : finished(n) {}
  void finish(const std::vector<RunRecord>&, double) override { ++*finished; }
};

// A reporter that throws loses its own report; the others still write theirs, and the
// caller learns why.
TEST(ReporterList, AThrowingReporterNeitherStopsTheOthersNorEscapes) {
  int finished = 0;
  ReporterList list;
  list.add(std::make_unique<Throwing>());
  list.add(std::make_unique<Counting>(&finished));
  EXPECT_NO_THROW(list.runFinished(tcpfault::reporttest::sampleRuns().front()));
  EXPECT_NO_THROW(list.finish(tcpfault::reporttest::sampleRuns(), 1));
  EXPECT_EQ(finished, 1);
  EXPECT_THAT(list.errors(), ::testing::ElementsAre("disk full", "cannot write"));
}

TEST(TerminalSafe, ControlCharactersAndEscapeSequencesAreShownNotSent) {
  EXPECT_EQ(terminalSafe("a\x1b[2Jb"), "a\\x1b[2Jb");           // CSI: clear screen
  EXPECT_EQ(terminalSafe("\x1b]52;c;aGk=\x07"), "\\x1b]52;c;aGk=\\x07");  // OSC 52 clipboard
  EXPECT_EQ(terminalSafe("x\ry\x7f"), "x\\x0dy\\x7f");
  EXPECT_EQ(terminalSafe("\xc2\x9b" "31m"), "\\u009b31m");        // C1 CSI as UTF-8
  EXPECT_EQ(terminalSafe("\x9b"), "\xef\xbf\xbd");                // a raw C1 byte: U+FFFD
  EXPECT_EQ(terminalSafe("line\n\ttab caf\xc3\xa9"), "line\n\ttab caf\xc3\xa9");
}

}  // namespace
}  // namespace tcpfault::report
