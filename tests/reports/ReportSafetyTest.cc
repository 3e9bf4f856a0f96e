// What a report dir shared with other users cannot do to a root run, and what a broken
// reporter cannot do to the others; text shown on a terminal is never obeyed by it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>

#include "SampleRuns.h"
#include "reports/Reporter.h"
#include "reports/TerminalSafe.h"
#include "reports/record/ReportDir.h"
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
TEST(ReportDir, PlantedSymlinksAreReplacedNeverFollowed) {
  tcpfault::testsupport::TempDir dir;
  fs::path victim = dir.path() / "victim";
  std::ofstream(victim) << "precious";
  fs::create_symlink(victim, dir.path() / "junit.xml");
  fs::create_symlink(victim, dir.path() / "junit.xml.tmp");
  ReportDir::open(dir.path())->writeFile("junit.xml", "<report/>");
  EXPECT_EQ(readAll(victim), "precious");
  EXPECT_FALSE(fs::is_symlink(dir.path() / "junit.xml"));
  EXPECT_EQ(readAll(dir.path() / "junit.xml"), "<report/>");
}

// --report-dir LINK: refused before anything is made, in the target or anywhere.
TEST(ReportDir, ASymlinkedReportDirIsRefused) {
  tcpfault::testsupport::TempDir dir;
  fs::create_directory(dir.path() / "elsewhere");
  fs::create_directory_symlink(dir.path() / "elsewhere", dir.path() / "link");
  EXPECT_THAT([&] { ReportDir::open(dir.path() / "link"); },
              ::testing::ThrowsMessage<std::system_error>(HasSubstr("'link' is a symlink")));
  // A symlink inside the path: create_directories() would have made out/ in the target.
  EXPECT_THROW(ReportDir::open(dir.path() / "link" / "out"), std::system_error);
  EXPECT_TRUE(fs::is_empty(dir.path() / "elsewhere"));
}

// pcap/ planted as a link in a shared report dir: the pcap is refused, never made there.
TEST(ReportDir, ASymlinkedPcapFolderIsRefused) {
  tcpfault::testsupport::TempDir dir;
  fs::create_directory(dir.path() / "elsewhere");
  fs::create_directory_symlink(dir.path() / "elsewhere", dir.path() / "pcap");
  auto report = ReportDir::open(dir.path());
  EXPECT_THROW(report->createFile("pcap/y.pcap"), std::system_error);
  EXPECT_TRUE(fs::is_empty(dir.path() / "elsewhere"));
}

// The dir is the one opened: a symlink swapped in for it afterwards changes nothing.
TEST(ReportDir, FilesGoWhereTheDirWasOpenedEvenIfItIsSwappedLater) {
  tcpfault::testsupport::TempDir dir;
  fs::create_directory(dir.path() / "report");
  fs::create_directory(dir.path() / "elsewhere");
  auto report = ReportDir::open(dir.path() / "report");
  fs::rename(dir.path() / "report", dir.path() / "moved");
  fs::create_directory_symlink(dir.path() / "elsewhere", dir.path() / "report");
  report->writeFile("results.json", "{}");
  ASSERT_TRUE(report->createFile("pcap/run.pcap"));
  EXPECT_TRUE(fs::is_empty(dir.path() / "elsewhere"));
  EXPECT_EQ(readAll(dir.path() / "moved" / "results.json"), "{}");
  EXPECT_TRUE(fs::exists(dir.path() / "moved" / "pcap" / "run.pcap"));
}

TEST(ReportDir, CreateFileReplacesAPlantedSymlink) {
  tcpfault::testsupport::TempDir dir;
  fs::path victim = dir.path() / "victim";
  std::ofstream(victim) << "precious";
  fs::create_symlink(victim, dir.path() / "run.pcap");
  UniqueFd fd = ReportDir::open(dir.path())->createFile("run.pcap");
  ASSERT_TRUE(fd);
  ASSERT_EQ(::write(fd.get(), "pcap", 4), 4);
  EXPECT_EQ(readAll(victim), "precious");
  EXPECT_EQ(readAll(dir.path() / "run.pcap"), "pcap");
}

// A FIFO planted as run-seconds.tsv would block a plain open() until a writer came.
TEST(ReportDir, ReadingAFifoNeitherBlocksNorReturnsItsBytes) {
  tcpfault::testsupport::TempDir dir;
  ASSERT_EQ(::mkfifo((dir.path() / "run-seconds.tsv").c_str(), 0600), 0);
  auto report = ReportDir::open(dir.path());
  EXPECT_EQ(report->readFile("run-seconds.tsv", 1 << 20), std::nullopt);
  fs::create_symlink("/etc/hostname", dir.path() / "linked.tsv");
  EXPECT_EQ(report->readFile("linked.tsv", 1 << 20), std::nullopt);
  std::ofstream(dir.path() / "big.tsv") << std::string(100, 'x');
  EXPECT_EQ(report->readFile("big.tsv", 99), std::nullopt);
  EXPECT_EQ(report->readFile("big.tsv", 100), std::string(100, 'x'));
}

// Under sudo the files and folders made belong to the invoking user, so a later run
// without sudo can replace them.
TEST(ReportDir, MadeFilesBelongToTheOwnerGiven) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to give files away";
  tcpfault::testsupport::TempDir dir;
  FileOwner nobody{65534, 65534};
  auto report = ReportDir::open(dir.path() / "a" / "b", nobody);
  report->writeFile("junit.xml", "<report/>");
  ASSERT_TRUE(report->createFile("pcap/run.pcap"));
  for (const char* made : {"a", "a/b", "a/b/junit.xml", "a/b/pcap", "a/b/pcap/run.pcap"}) {
    struct stat st {};
    ASSERT_EQ(::lstat((dir.path() / made).c_str(), &st), 0) << made;
    EXPECT_EQ(st.st_uid, 65534u) << made;
    EXPECT_EQ(st.st_gid, 65534u) << made;
  }
}

TEST(FileOwner, SudoVariablesCountOnlyAsRootAndOnlyAsNumbers) {
  if (::geteuid() != 0) GTEST_SKIP() << "fromSudo() is for root";
  ::setenv("SUDO_UID", "1000", 1);
  ::setenv("SUDO_GID", "100", 1);
  FileOwner o = FileOwner::fromSudo();
  EXPECT_EQ(o.uid, std::optional<uid_t>(1000));
  EXPECT_EQ(o.gid, std::optional<gid_t>(100));
  ::setenv("SUDO_UID", "1000x", 1);
  EXPECT_EQ(FileOwner::fromSudo().uid, std::nullopt);
  ::unsetenv("SUDO_UID");
  ::unsetenv("SUDO_GID");
  EXPECT_EQ(FileOwner::fromSudo().uid, std::nullopt);
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
