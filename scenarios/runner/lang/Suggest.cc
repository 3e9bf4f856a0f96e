#include "scenarios/runner/lang/Suggest.h"

#include <algorithm>
#include <fmt/format.h>

namespace tcpfault::scenario {
namespace {

constexpr size_t kMaxCompared = 64;  // bounds the quadratic distance on hostile input

size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitute});
    }
  }
  return row[b.size()];
}

}  // namespace

std::optional<std::string> closest(std::string_view word,
                                   const std::vector<std::string>& candidates) {
  if (word.empty() || word.size() > kMaxCompared) return std::nullopt;
  std::optional<std::string> best;
  size_t bestDistance = std::min<size_t>(2, (word.size() - 1) / 2) + 1;
  for (const auto& c : candidates) {
    if (c.size() > kMaxCompared) continue;
    size_t d = editDistance(word, c);
    if (d < bestDistance) bestDistance = d, best = c;
  }
  return best;
}

std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  auto c = closest(word, candidates);
  return c ? fmt::format(" (did you mean '{}'?)", *c) : std::string();
}

}  // namespace tcpfault::scenario
