// Reading other processes' /proc files, which may vanish under the reader.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "netns/ProcessTable.h"

namespace tcpfault::netns {
namespace {

// Other processes' /proc files are read by --cleanup and the tests while those processes
// may exit: a read that fails (ESRCH then; EISDIR here, on demand) is "nothing", never
// the exception std::ifstream's underflow throws.
TEST(netns_ProcessTable, AFileThatCannotBeReadIsEmptyNotAnException) {
  EXPECT_EQ(readProcText("/proc"), "");                                      // opens, read(2) fails
  EXPECT_EQ(readProcText("/proc/0/stat"), "");                               // no such process
  EXPECT_NE(readProcText("/proc/self/stat").find(") "), std::string::npos);  // a live one reads
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ASSERT_GT(child, 0);
  ::waitpid(child, nullptr, 0);
  EXPECT_EQ(readProcText("/proc/" + std::to_string(child) + "/environ"), "");  // reaped: gone
}

}  // namespace
}  // namespace tcpfault::netns
