// Internals of parseScenario(), shared by the files that check one part of a line:
// the parse state (hosts, variables, started servers) and a line's tokens.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "scenarios/runner/lang/Grammar.h"
#include "scenarios/runner/lang/Lexer.h"
#include "scenarios/runner/lang/Scenario.h"
#include "scenarios/runner/lang/SourceLine.h"

namespace tcpfault::scenario {

// What "VAR =" bound: a socket (connect/listen/accept) or a pending background call.
struct VarInfo {
  std::string host;
  std::string verb;
  int line = 0;
  bool socket = false;   // usable as a socket by verbs
  bool pending = false;  // a background call not yet awaited
};

struct ParseState {
  Scenario scenario;
  std::map<std::string, VarInfo> vars;
  std::map<std::string, int> started;  // host -> line of its "start"
  std::map<std::string, int> marks;    // "mark NAME" -> its line (`since NAME` reads it)
  std::map<std::string, int> wireOn;   // host -> line of a live wire rule on its link (till clear)
  bool hostsDeclared = false;
  std::map<std::string, int> metadataLines;  // keyword -> line of its first use

  bool isHost(std::string_view name) const;  // declared, or "router"
  std::string hostList() const;              // "client server"
};

// The tokens of one line with helpers that point errors at a token.
struct LineTokens {
  const SourceLine& src;
  const std::vector<Token>& tokens;
  int endCol = 1;  // column just past the last token: where "missing ..." points

  // Column of token i, or endCol + 1 past the end (gcc points one blank after the line).
  int colAt(size_t i) const;
  [[noreturn]] void failAt(size_t i, std::string message, std::string_view expected = {}) const;
};

// The usage line of every verb in a context, for "expected:" after an unknown verb.
std::string verbList(Context context);

}  // namespace tcpfault::scenario
