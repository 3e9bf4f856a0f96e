// ServerMain: what every server's main() shares -- the common options (--port, --bind,
// --backlog, --max-fds, --help), one clear line and a non-zero exit for bad usage or a
// failed start, exit 0 after SIGTERM.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "servers/core/Listener.h"

namespace tcpfault::servers {

struct CommonOptions {
  ListenOptions listen;
  unsigned long maxFds = 0;  // 0: leave RLIMIT_NOFILE alone
};

// An app named after the program with the common options already added.
void addCommonOptions(CLI::App& app, CommonOptions& opts);

// Parses argv into app, applies --max-fds, ignores SIGPIPE unless keepSigpipe, then runs
// body. Exit codes: 0 body finished (SIGTERM), 1 start failed (bind, listen, ...),
// 2 bad usage. Every failure is one line on stderr: "epoll-et-echo: bind ...: EADDRINUSE".
int serverMain(int argc, char** argv, CLI::App& app, const CommonOptions& opts,
               const std::function<void()>& body, const bool* keepSigpipe = nullptr);

}  // namespace tcpfault::servers
