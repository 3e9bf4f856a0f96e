// Server profile files (--profile FILE): one or more profiles, a keyword per line.
//
//   profile  redis                      # a name; starts a profile
//   traits   fd-limit                   # what it has (scenarios/README.md, "Traits")
//   start    redis-server --port {port} --save '' --appendonly no
//   request  "PING\r\n"                 # what $request writes
//   reply    prefix "+PONG"             # what => $reply accepts: [exact|prefix|regex] STRING
//
// Mistakes are ParseErrors ("FILE:LINE:COL: error: ..."), as in scenario files.
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "scenarios/runner/exec/ServerProfile.h"

namespace tcpfault::scenario {

std::vector<ServerProfile> parseProfiles(std::string_view text, std::string_view fileName);
std::vector<ServerProfile> loadProfiles(const std::filesystem::path& path);

}  // namespace tcpfault::scenario
