#include "scenarios/runner/lang/Names.h"

#include <fmt/format.h>

#include "netns/ErrnoName.h"
#include "scenarios/runner/lang/Suggest.h"

namespace tcpfault::scenario {
namespace {

// Every name ErrnoName knows, by asking it for each number: no second list to keep in sync.
template <typename NameOf>
std::vector<std::string> knownNames(NameOf nameOf, int max, std::string_view unknownPrefix) {
  std::vector<std::string> names;
  for (int i = 1; i <= max; ++i)
    if (auto n = nameOf(i); !n.starts_with(unknownPrefix)) names.push_back(n);
  return names;
}

const std::vector<std::string>& errnoNames() {
  static const auto names = knownNames([](int e) { return errnoName(e); }, 200, "errno ");
  return names;
}

const std::vector<std::string>& signalNames() {
  static const auto names = knownNames([](int s) { return signalName(s); }, 64, "signal ");
  return names;
}

}  // namespace

int errnoAt(const LineTokens& line, size_t i) {
  if (i >= line.tokens.size() || line.tokens[i].kind != Token::Kind::Word)
    line.failAt(i, "expected an errno name like ECONNRESET");
  const std::string& name = line.tokens[i].text;
  if (auto e = errnoFromName(name)) return *e;
  line.failAt(i, fmt::format("unknown errno name '{}'{}", name, didYouMean(name, errnoNames())));
}

int signalAt(const LineTokens& line, size_t i) {
  if (i >= line.tokens.size() || line.tokens[i].kind != Token::Kind::Word)
    line.failAt(i, "expected a signal name like SIGPIPE");
  const std::string& name = line.tokens[i].text;
  if (auto s = signalFromName(name)) return *s;
  line.failAt(i, fmt::format("unknown signal name '{}'{}", name, didYouMean(name, signalNames())));
}

}  // namespace tcpfault::scenario
