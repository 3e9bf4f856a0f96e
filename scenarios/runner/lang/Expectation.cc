#include "scenarios/runner/lang/Expectation.h"

#include <fmt/format.h>

#include "scenarios/runner/lang/Names.h"

namespace tcpfault::scenario {
namespace {

using K = Token::Kind;

// Parses the result part starting at i; returns the index after it.
size_t parseResult(const LineTokens& line, size_t i, size_t end, Expectation& e) {
  const Token& t = line.tokens[i];
  if (t.kind == K::Number) {
    e.ret = t.number;
    bool errnoFollows = i + 1 < end && line.tokens[i + 1].kind == K::Word &&
                        line.tokens[i + 1].text != "caught" && line.tokens[i + 1].text != "nosignal";
    if (!errnoFollows) return i + 1;
    if (t.number != -1) line.failAt(i + 1, "only -1 is followed by an errno name");
    e.err = errnoAt(line, i + 1);
    return i + 2;
  }
  if (t.kind == K::String) {
    e.data = t.text;
    e.ret = static_cast<long long>(t.text.size());
    return i + 1;
  }
  if (t.isWord("$reply")) {  // the profile's reply (exact, prefix or regex)
    e.reply = true;
    return i + 1;
  }
  if (t.isWord("ok")) {
    e.ok = true;
    return i + 1;
  }
  if (t.isWord("signal")) {
    if (i + 1 >= end) line.failAt(i + 1, "'signal' needs a signal name like SIGPIPE", kExpectationUsage);
    e.killedBy = signalAt(line, i + 1);
    return i + 2;
  }
  if (t.isWord("blocked")) {
    e.blocked = true;
    if (i + 1 >= end || !line.tokens[i + 1].isWord("for")) return i + 1;
    if (i + 2 >= end || line.tokens[i + 2].kind != K::Duration)
      line.failAt(i + 2, "'blocked for' needs a duration like 1500ms", kExpectationUsage);
    e.blockedFor = line.tokens[i + 2].seconds;
    return i + 3;
  }
  if (t.isWord("caught") || t.isWord("nosignal"))
    line.failAt(i, fmt::format("'{}' follows a result, e.g. => -1 EPIPE caught SIGPIPE", t.text),
                kExpectationUsage);
  if (t.kind == K::Word) {
    e.err = errnoAt(line, i);
    e.ret = -1;
    return i + 1;
  }
  line.failAt(i, fmt::format("unexpected '{}' in an expectation", describe(t)), kExpectationUsage);
}

}  // namespace

Expectation parseExpectation(const LineTokens& line, size_t arrow, size_t end) {
  Expectation e;
  e.pos = line.tokens[arrow].pos;
  size_t i = arrow + 1;
  if (i >= end) line.failAt(i, "'=>' needs an expectation", kExpectationUsage);
  i = parseResult(line, i, end, e);
  if (i < end && line.tokens[i].isWord("caught")) {
    if (i + 1 >= end) line.failAt(i + 1, "'caught' needs a signal name like SIGPIPE");
    e.caught = signalAt(line, i + 1);
    i += 2;
  } else if (i < end && line.tokens[i].isWord("nosignal")) {
    if (e.killedBy) line.failAt(i, "'signal SIGNAME' and 'nosignal' contradict each other");
    e.noSignal = true;
    ++i;
  }
  if (i < end)
    line.failAt(i, fmt::format("unexpected '{}' after the expectation", describe(line.tokens[i])),
                kExpectationUsage);
  size_t first = static_cast<size_t>(line.tokens[arrow + 1].pos.col - 1);
  size_t last = static_cast<size_t>(line.tokens[end - 1].endCol - 1);
  e.text = std::string(line.src.text.substr(first, last - first));
  return e;
}

}  // namespace tcpfault::scenario
