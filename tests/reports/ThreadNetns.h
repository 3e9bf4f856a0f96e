// Test helpers: a private network namespace made on a helper thread (unshare(CLONE_NEWNET)
// affects only the calling thread), and running code inside it on another thread.
// The namespace lives as long as the returned fd; nothing in the test's own namespace changes.
#pragma once

#include <functional>

#include "netns/UniqueFd.h"

namespace tcpfault::reporttest {

// A new namespace with lo up; an empty fd when unshare is not permitted (not root).
UniqueFd makeThreadNetns();

// Runs fn on a thread that has joined the namespace; rethrows what fn throws.
void runInNetns(int netnsFd, const std::function<void()>& fn);

}  // namespace tcpfault::reporttest
