// main() of every GoogleTest executable: takes the same privilege path as the runner
// (netns/Privilege.h) before any test runs, so that an unprivileged user with working
// user namespaces runs the namespace tests instead of skipping them. Listing the tests
// (gtest_discover_tests at build time) needs no namespaces and stays as it is.
#include <sys/mount.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>

#include <gtest/gtest.h>

#include "netns/ErrnoName.h"
#include "netns/Privilege.h"

namespace {

// `ip netns add` and the runner's --cleanup name namespaces under /run/netns, which only
// the real root may write. Rootless, the tests get a private tmpfs there -- the mount
// namespace is ours -- so those tests run instead of failing. Where /run/netns does not
// exist yet, a tmpfs over /run itself (nothing the tests use lives there).
bool privateRunNetns() {
  if (::mount("tmpfs", "/run/netns", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") == 0)
    return true;
  if (errno != ENOENT) return false;
  return ::mount("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") == 0 &&
         ::mkdir("/run/netns", 0755) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  if (!GTEST_FLAG_GET(list_tests)) {
    auto p = tcpfault::netns::acquireNetnsPrivilege();
    if (!p.ok)
      std::fprintf(stderr, "tests: no network namespaces here (%s); the tests that need "
                           "them will skip\n", p.reason.c_str());
    else if (p.how == "user namespace" && !privateRunNetns())
      std::fprintf(stderr, "tests: %s\n",
                   tcpfault::errnoMessage("private /run/netns for the rootless tests", errno)
                       .c_str());
  }
  return RUN_ALL_TESTS();
}
