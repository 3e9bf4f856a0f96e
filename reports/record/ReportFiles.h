// Names of the files in a report dir, shared by Capture's caller and the writers.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "netns/UniqueFd.h"
#include "reports/record/RunRecord.h"

namespace tcpfault::report {

// The run id with every character outside [A-Za-z0-9._-] replaced by '_':
// "rst-before-accept [fork-echo]" -> "rst-before-accept_fork-echo_".
std::string sanitiseFileName(std::string_view text);

// "pcap/<sanitised run id>.pcap", relative to the report dir (RunRecord::pcapFile).
std::string pcapFileName(const RunRecord& run);

// Writes `text` to dir/name via a temporary file and rename, so readers never see half a
// report. Creates dir. Never follows a symlink (dir, temporary file or name): a shared
// report dir cannot make a root run overwrite another file. Throws std::system_error
// with the path and errno name.
void writeReportFile(const std::filesystem::path& dir, std::string_view name,
                     std::string_view text);

// A new file at path for writing (a pcap), replacing what was there; created with
// O_EXCL|O_NOFOLLOW in a directory opened without following links, for the same reason.
UniqueFd createReportFile(const std::filesystem::path& path);

}  // namespace tcpfault::report
