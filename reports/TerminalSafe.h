// Scenario text and server output go to a terminal: a control character in them could
// move the cursor, rewrite the screen or (OSC 52) set the clipboard. terminalSafe() shows
// such bytes instead of sending them.
#pragma once

#include <string>
#include <string_view>

namespace tcpfault::report {

// Newline and tab pass; every other C0 control, DEL and C1 control (U+0080..U+009F)
// becomes a visible escape ("\x1b", "\u009b"); invalid UTF-8 becomes U+FFFD. So ESC, and
// with it every escape sequence, arrives as plain text.
std::string terminalSafe(std::string_view text);

}  // namespace tcpfault::report
