// PrivateNetns: moves the calling test process into a network namespace of its own with
// lo up, so every server it starts listens on a private 127.0.0.1 and no two tests (or
// the host) ever share a port. The namespace dies with the process.
#pragma once

#include <string>

namespace tcpfault::harness {

// "" on success, else why not (e.g. "unshare(CLONE_NEWNET): EPERM ..." without root).
std::string enterPrivateNetns();

}  // namespace tcpfault::harness
