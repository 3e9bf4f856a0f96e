#include "scenarios/runner/exec/StartLine.h"

namespace tcpfault::scenario {

std::string shellQuote(std::string_view text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string expandStartLine(std::string_view line, const std::map<std::string, std::string>& values) {
  std::string out;
  size_t i = 0;
  while (i < line.size()) {
    size_t open = line.find('{', i);
    size_t close = open == std::string_view::npos ? open : line.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(line, i, open - i);
    auto it = values.find(std::string(line.substr(open + 1, close - open - 1)));
    if (it == values.end()) {
      out += '{';  // not a placeholder: go on right after the brace
      i = open + 1;
      continue;
    }
    if (!it->second.empty()) out += shellQuote(it->second);
    i = close + 1;
  }
  out.append(line, i, std::string_view::npos);
  return out;
}

std::string startShellLine(std::string_view start, const std::map<std::string, std::string>& values,
                           const std::string* maxFds) {
  std::string line = "exec " + expandStartLine(start, values);
  return maxFds ? "ulimit -n " + shellQuote(*maxFds) + " && " + line : line;
}

}  // namespace tcpfault::scenario
