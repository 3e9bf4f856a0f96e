// Names of the files in a report dir, shared by Capture's caller and the writers. The
// files themselves are made through ReportDir.h.
#pragma once

#include <string>
#include <string_view>

#include "reports/record/RunRecord.h"

namespace tcpfault::report {

// The run id with every character outside [A-Za-z0-9._-] replaced by '_':
// "rst-before-accept [fork-echo]" -> "rst-before-accept_fork-echo_".
std::string sanitiseFileName(std::string_view text);

// "pcap/<sanitised run id>.pcap", relative to the report dir (RunRecord::pcapFile).
std::string pcapFileName(const RunRecord& run);

}  // namespace tcpfault::report
