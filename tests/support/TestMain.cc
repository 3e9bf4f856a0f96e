// main() of every GoogleTest executable: takes the same privilege path as the runner
// (netns/Privilege.h) before any test runs, so that an unprivileged user with working
// user namespaces runs the namespace tests instead of skipping them. Listing the tests
// (gtest_discover_tests at build time) needs no namespaces and stays as it is.
#include <cstdio>

#include <gtest/gtest.h>

#include "netns/Privilege.h"

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  if (!GTEST_FLAG_GET(list_tests)) {
    auto p = tcpfault::netns::acquireNetnsPrivilege();
    if (!p.ok)
      std::fprintf(stderr, "tests: no network namespaces here (%s); the tests that need "
                           "them will skip\n", p.reason.c_str());
  }
  return RUN_ALL_TESTS();
}
