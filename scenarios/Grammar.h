// The scenario verbs in one table: each row names a verb, where it may appear, its usage
// (shown in error messages) and the argument pattern the parser checks it against.
// The executor keeps a handler per row; a test checks that none is missing.
#pragma once

#include <span>
#include <string_view>

namespace tcpfault::scenario {

// Where a verb appears: "client write c ..." (Agent), "expect client state c ..." (Expect),
// "await r => ..." (Await), "crash server" (Directive).
enum class Context { Agent, Expect, Await, Directive };

struct VerbSpec {
  std::string_view verb;     // "write"; for Expect the check word ("state", "wire")
  Context context;
  std::string_view usage;    // "write VAR DATA [nosignal]": shown after "expected:"
  // What follows the verb. PLACEHOLDERS are uppercase (VAR DATA N DUR SUBJECT ...;
  // ARGS... takes the rest), literals lowercase, "a|b" alternatives, [..] optional:
  // optional keyword groups may come in any order after the positional arguments.
  std::string_view pattern;
  bool assignsSocket = false;  // connect, listen, accept: "VAR =" receives a socket
  bool timed = true;           // accepts trailing "within DUR" / "after DUR"
};

std::span<const VerbSpec> verbs();

// nullptr if the verb does not exist in that context.
const VerbSpec* findVerb(Context context, std::string_view verb);

// Socket options "setsockopt VAR OPTION VALUE" accepts, and whether VALUE is a duration.
struct SockOptSpec {
  std::string_view name;
  bool duration;  // TCP_USER_TIMEOUT, TCP_KEEPIDLE, TCP_KEEPINTVL take 5s; others a number
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

}  // namespace tcpfault::scenario
