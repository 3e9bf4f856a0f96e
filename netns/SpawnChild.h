// spawnChild: starts a program with posix_spawn, in the caller's namespaces (Host runs it
// with its namespaces entered). posix_spawn clones with CLONE_VM|CLONE_VFORK: no copy of
// the runner's page tables and no copy-on-write faults afterwards, which fork() of a
// process with dozens of threads and capture rings pays on every start (measured in the
// README's "Suite speed").
#pragma once

#include <sys/types.h>

#include <string_view>

#include "netns/Child.h"

namespace tcpfault::netns {

// opts.passFds become fds 3, 4, ... of the program, in order; every other fd from 3 up
// is closed at exec. Default signal dispositions, an empty mask; setsid() if
// opts.newSession; stdout+stderr into a pipe if opts.captureOutput. An exec failure
// (ENOENT, EACCES) is thrown, naming `what`.
Child spawnChild(const SpawnOptions& opts, std::string_view what);

// The same without the Child: stdout and stderr go to outputFd (or stay, if -1), and the
// caller owns the pid (reaping included).
pid_t spawnProcess(const SpawnOptions& opts, int outputFd, std::string_view what);

}  // namespace tcpfault::netns
