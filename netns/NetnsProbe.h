// The one privilege probe: may this process create a network namespace? Every caller
// (the runner, netns-bench, the tests that skip without root) asks here.
#pragma once

namespace tcpfault {

// Tries unshare(CLONE_NEWNET) in a forked child, so this process's namespace never moves.
bool canCreateNetns();

}  // namespace tcpfault
