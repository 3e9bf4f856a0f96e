// Lookups over the scenario verbs' one table (runner/lang/VerbTable.h): each row names a
// verb, where it may appear, its usage (shown in error messages), the argument pattern the
// parser checks it against and its traits. The pattern's slots also name the arguments on
// their way to the agent (Arg::slot). Handlers are bound by verb in the layers above (exec,
// agent); a test checks that every row has one.
#pragma once

#include <span>
#include <string_view>

#include "scenarios/runner/lang/Scenario.h"
#include "scenarios/runner/lang/VerbSpec.h"

namespace tcpfault::scenario {

std::span<const VerbSpec> verbs();

// nullptr if the verb does not exist in that context.
const VerbSpec* findVerb(Context context, std::string_view verb);

// The "expect wire WORD ..." check (trait kWireSubject) whose pattern starts with WORD
// ("dropped"); nullptr if none, and the line is the segment check "expect wire SRC > DST".
const VerbSpec* findWireCheck(std::string_view word);

// The context a parsed step came from, and its row (nullptr for a hand-made step).
Context contextOf(Step::Kind kind);
const VerbSpec* findVerb(const Step& step);
// The traits of a step's row; none for a hand-made step. What a verb is lives in its row:
// callers test a trait, never the verb's name.
unsigned traitsOf(const Step& step);

// Socket options "setsockopt VAR OPTION VALUE" accepts, and whether VALUE is a duration.
struct SockOptSpec {
  std::string_view name;
  bool duration;  // TCP_USER_TIMEOUT, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_DEFER_ACCEPT take 5s; others a number
};
std::span<const SockOptSpec> sockOpts();

// TCP states as "expect HOST state" and "expect HOST tcp" name them.
std::span<const std::string_view> tcpStates();

// Words that decide a line's kind in first position (metadata, directives, expect, await,
// wire, router): none may name a host.
bool isLineKeyword(std::string_view word);

// Line keywords and every keyword inside steps ("nonblock", "within", "count"...): none
// may name a variable, so flag()/option() lookups stay unambiguous.
bool isReservedWord(std::string_view word);

// Whether WORD is a lowercase word of PATTERN: "[timeout DUR]" has "timeout".
bool isPatternKeyword(std::string_view pattern, std::string_view word);

}  // namespace tcpfault::scenario
