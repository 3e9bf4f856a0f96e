// "did you mean ...?" for misspelt verbs, hosts, errno and signal names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tcpfault::scenario {

// The candidate closest to word by edit distance, if it is close enough to be a typo
// (at most 2 edits, and fewer than half the word). Long words are never compared.
std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'write'?)" or "".
std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace tcpfault::scenario
