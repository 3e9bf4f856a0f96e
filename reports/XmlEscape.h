// Text for XML 1.0 and HTML: made valid UTF-8, the five special characters escaped, and
// characters XML 1.0 forbids (C0 controls but tab/LF/CR, U+FFFE, U+FFFF) dropped.
#pragma once

#include <string>
#include <string_view>

namespace tcpfault::report {

// For element content.
std::string xmlText(std::string_view text);

// For attribute values: also tab, LF and CR as character references, so they survive
// attribute-value normalisation.
std::string xmlAttr(std::string_view text);

}  // namespace tcpfault::report
