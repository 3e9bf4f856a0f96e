// A profile's `start` line made into the /bin/sh line that runs it: placeholders
// ({port}, {dir}, {here}, ...) replaced, every substituted value shell-quoted.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace tcpfault::scenario {

// 'text' for /bin/sh: one word, whatever bytes it holds ('' for an empty one).
std::string shellQuote(std::string_view text);

// One pass, left to right: each {name} with a value becomes that value, quoted (an empty
// value becomes nothing, so an unset {no-restart} adds no argument); substituted text is
// never looked at again, so a value holding "{reap}" stays as it is. An unknown {name}
// stays as written.
std::string expandStartLine(std::string_view line, const std::map<std::string, std::string>& values);

// The line /bin/sh runs: `exec` so the pid is the server's, after `ulimit -n 'N' &&` when
// a story gives `$server --max-fds N` (the fd limit is the runner's to set).
std::string startShellLine(std::string_view start, const std::map<std::string, std::string>& values,
                           const std::string* maxFds);

}  // namespace tcpfault::scenario
