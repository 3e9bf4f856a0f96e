// A server under test, as scenarios see it: the traits it has, how to start it, how to
// talk to it. Reference servers get theirs from servers/Registry.cmake; a user's comes
// from --server-cmd (an echo server) or a profile file (ProfileFile.h).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "scenarios/runner/lang/Scenario.h"

namespace tcpfault::scenario {

// What `=> $reply` accepts: the bytes read equal, start with or match (ECMAScript regex,
// searched) the text.
struct ReplySpec {
  enum class Kind { Exact, Prefix, Regex };
  Kind kind = Kind::Exact;
  std::string text;
  bool matches(const std::string& data) const;
  std::string describe() const;  // "prefix \"HTTP/1.1 200\""
};

struct ServerProfile {
  std::string name;             // run ids say "story [name]"
  std::set<std::string> traits;
  // Empty for a reference server (build/NAME --port P plus the scenario's arguments);
  // else a shell command with {port} {bind} {reap} {max-fds} {min-threads} {max-threads}
  // {dir} (a fresh temporary folder per start) {here} (the profile file's folder).
  std::string start;
  std::string here;
  std::string request;          // what `$request` writes
  ReplySpec reply;              // what `=> $reply` accepts
  std::string origin;           // "servers/Registry.cmake", "--server-cmd", "FILE:LINE"

  bool reference() const { return start.empty(); }
  bool has(const std::string& trait) const { return traits.contains(trait); }
};

// The start placeholders a profile may use, and the `$server --NAME VALUE` argument each
// one receives; {port}, {dir} and {here} come from the run.
const std::vector<std::string>& startPlaceholders();

// The reference server NAME (nullopt if unknown); the default request is "ping\n".
std::optional<ServerProfile> referenceProfile(const std::string& name);
std::vector<ServerProfile> referenceProfiles();
// `--server-cmd CMD` alone: an echo server started by CMD.
ServerProfile commandProfile(const std::string& cmd);

// Why sc cannot run against p (the traits it needs and p lacks), or nullopt when it can.
// Traits are the gate: a `$server` argument the start command has no placeholder for is
// not passed, and the run's log says so (ServerLauncher).
std::optional<std::string> skipReason(const ServerProfile& p, const Scenario& sc);

// The `$server` arguments of sc's start steps, by name without dashes: "--reap waitpid"
// gives {"reap", "waitpid"}; a flag alone gives "1".
std::vector<std::pair<std::string, std::string>> serverArguments(const Step& start);

}  // namespace tcpfault::scenario
