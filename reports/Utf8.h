// Text from scenario output may hold any bytes; JSON and XML need valid UTF-8.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tcpfault::report {

// Well-formed UTF-8 passes through unchanged; every byte of an invalid or truncated sequence
// (and overlong forms, surrogates, > U+10FFFF) becomes U+FFFD.
std::string validUtf8(std::string_view text);

// Decodes the valid UTF-8 sequence at text[i], advancing i. Only for validUtf8's output.
char32_t nextCodePoint(std::string_view text, size_t& i);

}  // namespace tcpfault::report
