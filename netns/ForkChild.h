// forkChild: forks in the caller's namespaces (Host runs it with its namespaces entered),
// wires stdout+stderr to a pipe if asked, runs inChild in the child and holds the result
// by pidfd (adoptChild). For running a program, spawnChild is cheaper: no fork of the
// caller's address space.
#pragma once

#include <functional>
#include <string_view>

#include "netns/Child.h"

namespace tcpfault::netns {

// inChild must not return normally (exec or _exit); if it does, the child exits 127.
// `what` names the fork in errors ("fork into host server").
Child forkChild(const std::function<void()>& inChild, const SpawnOptions& opts,
                std::string_view what = "fork");

}  // namespace tcpfault::netns
