// Every kind of mistake gives a gcc-style error at the exact line and column.
#include <gtest/gtest.h>

#include <string>

#include "scenarios/runner/lang/Scenario.h"

namespace tcpfault::scenario {
namespace {

constexpr const char* kPrefix = "hosts client server\nclient c = connect server:9877\n";  // lines 1-2

struct Failure {
  int line = 0, col = 0;
  std::string message, what;
};

Failure failureOf(const std::string& text) {
  try {
    parseScenario(text, "t.scn");
  } catch (const ParseError& e) {
    EXPECT_EQ(e.file, "t.scn");
    return {e.pos.line, e.pos.col, e.message, e.what()};
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return {};
}

// An error on line 3, after the hosts line and a connect.
Failure failureOnLine3(const std::string& line) { return failureOf(kPrefix + line + "\n"); }

#define EXPECT_FAILURE(f, l, c, msg)  \
  do {                                \
    Failure f_ = (f);                 \
    EXPECT_EQ(f_.line, l) << f_.what; \
    EXPECT_EQ(f_.col, c) << f_.what;  \
    EXPECT_EQ(f_.message, msg);       \
  } while (0)

TEST(ParserErrorFormat, FullMessageWithCaretAndUsage) {
  EXPECT_EQ(failureOnLine3("client wrte c \"hi\"").what,
            "t.scn:3:8: error: unknown verb 'wrte' (did you mean 'write'?)\n"
            "  client wrte c \"hi\"\n"
            "         ^\n"
            "  expected: one of: connect flood synflood listen accept write send read recv readall shutdown close abort "
            "setsockopt so_error getpeername poll signal\n");
  EXPECT_EQ(failureOnLine3("client write c").what,
            "t.scn:3:16: error: 'write' needs DATA (a string like \"hi\\n\", a byte count like 64K or $request)\n"
            "  client write c\n"
            "                 ^\n"
            "  expected: write VAR DATA [nosignal]\n");
}

TEST(ParserErrorFormat, CaretFollowsTabsAndHidesControlBytes) {
  EXPECT_EQ(failureOf(std::string("hosts a\n\twait\t1s ;", 18)).what,
            "t.scn:2:10: error: unexpected character ';'\n"
            "  \twait\t1s ;\n"
            "  \t    \t   ^\n");
  EXPECT_EQ(failureOf(std::string("hosts a\nwait \0", 14)).what,
            "t.scn:2:6: error: unexpected byte 0x00\n"
            "  wait ?\n"
            "       ^\n");
}

TEST(ParserErrorFormat, LongLineShowsAWindow) {
  std::string line = "wait 1s " + std::string(1 << 20, ' ') + ";";
  Failure f = failureOf("hosts a\n" + line + "\n");
  EXPECT_EQ(f.col, static_cast<int>(line.size()));
  EXPECT_LT(f.what.size(), 400u);
  EXPECT_NE(f.what.find("...      "), std::string::npos);
  EXPECT_EQ(f.what.substr(f.what.size() - 2), "^\n");
}

TEST(ParserErrorLexer, Strings) {
  EXPECT_FAILURE(failureOnLine3("client write c \"abc"), 3, 16, "unterminated string");
  EXPECT_FAILURE(failureOnLine3("client write c \"abc\\"), 3, 20, "unterminated string");
  EXPECT_FAILURE(failureOnLine3("client write c \"a\\qb\""), 3, 18,
                 "unknown escape '\\q' in a string (known: \\n \\r \\t \\0 \\\\ \\\" \\xHH)");
  EXPECT_FAILURE(failureOnLine3("client write c \"\\x4\""), 3, 17, "'\\x' needs two hex digits, e.g. \\x0a");
  EXPECT_FAILURE(failureOf(std::string(kPrefix) + std::string("client write c \"a\0\"", 19)), 3, 18,
                 "NUL byte in a string (write \\0)");
}

TEST(ParserErrorLexer, CharactersAndNumbers) {
  EXPECT_FAILURE(failureOnLine3("client write c 'x'"), 3, 16, "unexpected character '''");
  EXPECT_FAILURE(failureOnLine3("client write c \xc3\xa9"), 3, 16, "unexpected byte 0xc3");
  EXPECT_FAILURE(failureOnLine3("client write c 99999999999999999999"), 3, 16,
                 "number '99999999999999999999' is out of range");
  EXPECT_FAILURE(failureOnLine3("client write c 99999999999999999M"), 3, 16,
                 "number '99999999999999999M' is out of range");
  EXPECT_FAILURE(failureOnLine3("wait 9999999s"), 3, 6, "duration '9999999s' is out of range (at most 1000000s)");
}

// Sizes, counts and durations have upper bounds: a step cannot ask the agent for 60000M.
TEST(ParserErrorBounds, SizesAndCounts) {
  EXPECT_FAILURE(failureOnLine3("client write c 60000M"), 3, 16, "60000M is too large for 'write' (at most 1024M)");
  EXPECT_FAILURE(failureOnLine3("client send c 1025M"), 3, 15, "1025M is too large for 'send' (at most 1024M)");
  EXPECT_FAILURE(failureOnLine3("client read c 2M"), 3, 15, "2M is too large for 'read' (at most 1M)");
  EXPECT_FAILURE(failureOnLine3("client readall c 2000M"), 3, 18, "2000M is too large for 'readall' (at most 1024M)");
  EXPECT_FAILURE(failureOnLine3("client f = flood server:9877 70000"), 3, 30,
                 "70000 is too large for 'flood' (at most 65535)");
  EXPECT_FAILURE(failureOnLine3("client setsockopt c SO_RCVBUF 3000000000"), 3, 31,
                 "3000000000 is too large for 'setsockopt' (at most 2147483647)");
  EXPECT_FAILURE(failureOnLine3("drop client > server count 3000000000"), 3, 28,
                 "3000000000 is too large for 'drop' (at most 2147483647)");
  EXPECT_NO_THROW(parseScenario(std::string(kPrefix) + "client write c 1024M\nclient read c 1M\n", "t.scn"));
}

TEST(ParserErrorBounds, NoSingleWaitOutlastsTheScenarioTimeout) {
  EXPECT_FAILURE(failureOnLine3("wait 2m"), 3, 6,
                 "2m is longer than the scenario's timeout 1m (raise it with 'timeout DUR')");
  EXPECT_FAILURE(failureOnLine3("client read c => 0 within 61s"), 3, 27,
                 "61s is longer than the scenario's timeout 1m (raise it with 'timeout DUR')");
  EXPECT_FAILURE(failureOf(std::string(kPrefix) + "expect client state c ESTABLISHED within 100s\ntimeout 90s\n"),
                 3, 42, "100s is longer than the scenario's timeout 90s (raise it with 'timeout DUR')");
  EXPECT_NO_THROW(parseScenario(std::string(kPrefix) + "timeout 3m\nwait 2m\n", "t.scn"));
  EXPECT_NO_THROW(parseScenario(std::string(kPrefix) + "delay client > server 90s\n", "t.scn"));
}

// After `reboot HOST` the wire rules on its link would hold the old interface index.
TEST(ParserErrorWire, RebootUnderALiveWireRule) {
  EXPECT_FAILURE(failureOnLine3("delay client > server 10ms\nreboot server"), 4, 8,
                 "'reboot server' would leave the wire rule of line 3 on server's old link (its interface "
                 "index, rate and mtu go with it): 'clear' first, or set the rule after the reboot");
  EXPECT_FAILURE(failureOnLine3("mtu client 1280\nreboot client"), 4, 8,
                 "'reboot client' would leave the wire rule of line 3 on client's old link (its interface "
                 "index, rate and mtu go with it): 'clear' first, or set the rule after the reboot");
  EXPECT_NO_THROW(parseScenario(std::string(kPrefix) + "delay client > server 10ms\nclear\nreboot server\n", "t.scn"));
  EXPECT_NO_THROW(parseScenario(std::string(kPrefix) + "reboot server\ndelay client > server 10ms\n", "t.scn"));
}

TEST(ParserErrorMetadata, Lines) {
  EXPECT_FAILURE(failureOf("name a\nname b\n"), 2, 1, "duplicate 'name' line (first at line 1)");
  EXPECT_FAILURE(failureOf("ref x\n  ref y\n"), 2, 3, "duplicate 'ref' line (first at line 1)");
  EXPECT_FAILURE(failureOf("ref   # nothing\n"), 1, 4, "'ref' needs text, e.g. ref UNP 5.13");
  EXPECT_FAILURE(failureOf("name\n"), 1, 6, "'name' needs one word");
  EXPECT_FAILURE(failureOf("name a b\n"), 1, 8, "'name' takes one word");
  EXPECT_FAILURE(failureOf("hosts\n"), 1, 7, "'hosts' needs at least one name");
  EXPECT_FAILURE(failureOf("hosts client router\n"), 1, 14, "'router' is implicit: do not list it in 'hosts'");
  EXPECT_FAILURE(failureOf("hosts client expect\n"), 1, 14, "'expect' is a keyword and cannot name a host");
  EXPECT_FAILURE(failureOf("hosts a a\n"), 1, 9, "duplicate host 'a'");
  std::string many = "hosts";
  for (int i = 0; i < 65; ++i) many += " h" + std::to_string(i);
  EXPECT_FAILURE(failureOf(many + "\n"), 1, 253, "too many hosts (at most 64)");
  EXPECT_FAILURE(failureOf("hosts a 9b\n"), 1, 9, "'9b' is not a host name (lowercase letters, digits, _ -)");
  // Both parsed and then could not run (exit 4): the topology takes [a-z0-9_-] only, and
  // names "tf-" + the host name cut to 15 characters.
  EXPECT_FAILURE(failureOf("hosts client Server\n"), 1, 14,
                 "'Server' is not a host name (lowercase letters, digits, _ -)");
  EXPECT_FAILURE(failureOf("hosts clientnumber1 clientnumber2\n"), 1, 21,
                 "hosts 'clientnumber1' and 'clientnumber2' share their first 12 characters, which name "
                 "their links (tf-NAME, 15 characters at most)");
  EXPECT_FAILURE(failureOf("port 70000\n"), 1, 6, "port 70000 is out of range 1..65535");
  EXPECT_FAILURE(failureOf("port x\n"), 1, 6, "'port' needs a port number");
  EXPECT_FAILURE(failureOf("timeout 60\n"), 1, 9, "'timeout' needs a duration like 60s or 2m");
  EXPECT_FAILURE(failureOf("solo yes\n"), 1, 6, "'solo' takes no words");
  EXPECT_FAILURE(failureOf("relies \"x\"\n"), 1, 8, "'\"x\"' is not a name");
}

TEST(ParserErrorStructure, FirstWordAndHosts) {
  EXPECT_FAILURE(failureOf("client c = connect server:9877\n"), 1, 1, "missing 'hosts' line before the first step");
  EXPECT_FAILURE(failureOnLine3("clinet write c \"x\""), 3, 1, "unknown host or keyword 'clinet' (did you mean 'client'?)");
  EXPECT_FAILURE(failureOnLine3("srv write c \"x\""), 3, 1, "unknown host or keyword 'srv' (hosts: client server)");
  EXPECT_FAILURE(failureOnLine3("\"x\""), 3, 1,
                 "a line starts with a host, 'expect', 'await', a directive or a metadata keyword, not '\"x\"'");
  EXPECT_FAILURE(failureOf("hosts a\n"), 1, 1, "no steps: a scenario needs at least one step");
  EXPECT_FAILURE(failureOf(""), 1, 1, "no steps: a scenario needs at least one step");
}

TEST(ParserErrorAgent, VerbsAndArguments) {
  EXPECT_FAILURE(failureOnLine3("client"), 3, 8, "missing verb");
  EXPECT_FAILURE(failureOnLine3("client = read c"), 3, 8, "missing variable name before '='");
  EXPECT_FAILURE(failureOnLine3("client d = connect srv:9877"), 3, 20, "unknown host 'srv' (hosts: client server)");
  EXPECT_FAILURE(failureOnLine3("client d = connect sever:9877"), 3, 20, "unknown host 'sever' (did you mean 'server'?)");
  EXPECT_FAILURE(failureOnLine3("client d = connect server"), 3, 20,
                 "DEST must be HOST:PORT, e.g. server:9877, not 'server'");
  EXPECT_FAILURE(failureOnLine3("client d = connect server:0"), 3, 20, "port 0 is out of range 1..65535");
  EXPECT_FAILURE(failureOnLine3("client write c \"x\" nosignal nosignal"), 3, 29, "'nosignal' given twice");
  EXPECT_FAILURE(failureOnLine3("client write c \"x\" extra"), 3, 20, "unexpected 'extra' after 'write c \"...\"'");
  EXPECT_FAILURE(failureOnLine3("client write c foo"), 3, 16,
                 "DATA must be a string like \"hi\\n\", a byte count like 64K or $request, not 'foo'");
  EXPECT_FAILURE(failureOnLine3("client read c -5"), 3, 15, "N must be a count like 3 or a size like 64K, not '-5'");
  EXPECT_FAILURE(failureOnLine3("client readall c"), 3, 18, "'readall' needs N (a count like 3 or a size like 64K)");
  EXPECT_FAILURE(failureOnLine3("client shutdown c both"), 3, 19, "expected 'wr', 'rd' or 'rdwr', not 'both'");
  EXPECT_FAILURE(failureOnLine3("client setsockopt c SO_LINGR 1"), 3, 21,
                 "unknown socket option 'SO_LINGR' (did you mean 'SO_LINGER'?)");
  EXPECT_FAILURE(failureOnLine3("client setsockopt c TCP_USER_TIMEOUT 5"), 3, 38,
                 "TCP_USER_TIMEOUT needs a duration like 5s or 200ms, not '5'");
  EXPECT_FAILURE(failureOnLine3("client setsockopt c SO_RCVBUF 5s"), 3, 31, "SO_RCVBUF needs a number, not '5s'");
  EXPECT_FAILURE(failureOnLine3("client setsockopt c TCP_DEFER_ACCEPT 1"), 3, 38,
                 "TCP_DEFER_ACCEPT needs a duration like 5s or 200ms, not '1'");
  EXPECT_FAILURE(failureOnLine3("client f = synflood server:9877"), 3, 33,
                 "'synflood' needs N (a count like 3 or a size like 64K)");
  EXPECT_FAILURE(failureOnLine3("client signal SIGPIP catch"), 3, 15,
                 "unknown signal name 'SIGPIP' (did you mean 'SIGPIPE'?)");
  EXPECT_FAILURE(failureOnLine3("client listen 70000"), 3, 15,
                 "PORT must be a port number 0..65535, not '70000'");
}

TEST(ParserErrorAgent, Variables) {
  EXPECT_FAILURE(failureOnLine3("client write d \"x\""), 3, 14, "variable 'd' used before it is assigned");
  EXPECT_FAILURE(failureOnLine3("server write c \"x\""), 3, 14, "variable 'c' belongs to host client");
  EXPECT_FAILURE(failureOnLine3("client r = read c"), 3, 8,
                 "'read' does not create a socket: 'r =' needs a trailing '&' (a background call)");
  EXPECT_FAILURE(failureOnLine3("client nonblock = connect server:9877"), 3, 8,
                 "'nonblock' is a keyword and cannot name a variable");
  EXPECT_FAILURE(failureOnLine3("client server = connect server:9877"), 3, 8,
                 "'server' is a host and cannot name a variable");
  EXPECT_FAILURE(failureOnLine3("client 1x = connect server:9877"), 3, 8,
                 "'1x' is not a variable name (letters, digits, _)");
  EXPECT_FAILURE(failureOf(std::string(kPrefix) + "client r = read c &\nclient write r \"x\"\nawait r => 0\n"), 4, 14,
                 "variable 'r' is not a socket (it names the background 'read' at line 3)");
}

TEST(ParserErrorAgent, BackgroundCalls) {
  EXPECT_FAILURE(failureOnLine3("client read c &"), 3, 15, "a background call needs a name: 'client r = read ... &'");
  EXPECT_FAILURE(failureOnLine3("client r = read c & => 3"), 3, 21,
                 "a background call takes no expectation: write it on 'await r'");
  EXPECT_FAILURE(failureOnLine3("client r = read c => 3 &"), 3, 24,
                 "'&' ends the call before any '=>', and a background call takes no expectation (write it on "
                 "'await VAR')");
  EXPECT_FAILURE(failureOnLine3("client r = read c & within 1s"), 3, 21,
                 "a background call takes no time bound: write it on 'await r'");
  EXPECT_FAILURE(failureOnLine3("client r = read c &"), 3, 1, "background call 'r' is never awaited (add 'await r => ...')");
  EXPECT_FAILURE(failureOf(std::string(kPrefix) + "client r = read c &\nclient r = read c &\n"), 4, 8,
                 "'r' is still pending (background 'read' at line 3): await it first");
}

TEST(ParserErrorAwait, Forms) {
  EXPECT_FAILURE(failureOnLine3("await c => 0"), 3, 7,
                 "'c' is not a pending background call (last assigned by 'connect' at line 2; each '&' call is "
                 "awaited once)");
  EXPECT_FAILURE(failureOnLine3("await z => 0"), 3, 7, "variable 'z' used before it is assigned");
  EXPECT_FAILURE(failureOf(std::string(kPrefix) + "client r = read c &\nawait r\n"), 4, 9,
                 "'await r' needs '=> EXPECTATION'");
  EXPECT_FAILURE(failureOnLine3("await"), 3, 7, "'await' needs CALL (the variable of a background call)");
}

TEST(ParserErrorExpectation, Forms) {
  EXPECT_FAILURE(failureOnLine3("client write c \"x\" => -1 ECONNRST"), 3, 26,
                 "unknown errno name 'ECONNRST' (did you mean 'ECONNRESET'?)");
  EXPECT_FAILURE(failureOnLine3("client write c \"x\" =>"), 3, 23, "'=>' needs an expectation");
  EXPECT_FAILURE(failureOnLine3("client write c \"x\" => 3 EPIPE"), 3, 25, "only -1 is followed by an errno name");
  EXPECT_FAILURE(failureOnLine3("client write c \"x\" => signal"), 3, 30, "'signal' needs a signal name like SIGPIPE");
  EXPECT_FAILURE(failureOnLine3("client write c \"x\" => signal SIGFOO"), 3, 30, "unknown signal name 'SIGFOO' (did you mean 'SIGFPE'?)");
  EXPECT_FAILURE(failureOnLine3("client write c \"x\" => caught SIGPIPE"), 3, 23,
                 "'caught' follows a result, e.g. => -1 EPIPE caught SIGPIPE");
  EXPECT_FAILURE(failureOnLine3("client write c \"x\" => 3 caught"), 3, 32, "'caught' needs a signal name like SIGPIPE");
  EXPECT_FAILURE(failureOnLine3("client write c \"x\" => 3 4"), 3, 25, "unexpected '4' after the expectation");
  EXPECT_FAILURE(failureOnLine3("client write c \"x\" => 1s"), 3, 23, "unexpected '1s' in an expectation");
}

TEST(ParserErrorTiming, WithinAndAfter) {
  EXPECT_FAILURE(failureOnLine3("client read c => 0 within 15"), 3, 27, "'within' needs a duration like 15s or 200ms");
  EXPECT_FAILURE(failureOnLine3("client read c => 0 within"), 3, 27, "'within' needs a duration like 15s or 200ms");
  EXPECT_FAILURE(failureOnLine3("client read c within 1s within 2s"), 3, 25, "'within' given twice");
  EXPECT_FAILURE(failureOnLine3("client read c after 1s x"), 3, 24,
                 "unexpected 'x': 'within DUR' and 'after DUR' end the line");
  EXPECT_FAILURE(failureOnLine3("crash server within 1s"), 3, 14, "'crash' takes no 'within'");
}

TEST(ParserErrorExpect, Checks) {
  EXPECT_FAILURE(failureOnLine3("expect"), 3, 8, "'expect' needs a host and a check");
  EXPECT_FAILURE(failureOnLine3("expect srv alive"), 3, 8, "unknown host 'srv' (hosts: client server)");
  EXPECT_FAILURE(failureOnLine3("expect client stat c CLOSE_WAIT"), 3, 15, "unknown check 'stat' (did you mean 'state'?)");
  EXPECT_FAILURE(failureOnLine3("expect client state c CLOSEWAIT"), 3, 23,
                 "unknown TCP state 'CLOSEWAIT' (did you mean 'CLOSE_WAIT'?)");
  EXPECT_FAILURE(failureOnLine3("expect server state c CLOSE_WAIT"), 3, 21, "variable 'c' belongs to host client");
  EXPECT_FAILURE(failureOnLine3("expect wire server client R"), 3, 20, "expected '>' between the hosts, not 'client'");
  EXPECT_FAILURE(failureOnLine3("expect wire server > client RX"), 3, 29,
                 "FLAGS must be TCP flags among S F R P A U (e.g. R, FA, SA), icmp, or an ICMP kind "
                 "(icmp-host-unreachable), not 'RX'");
  EXPECT_FAILURE(failureOnLine3("expect client wire"), 3, 15, "write 'expect wire SRC > DST FLAGS'");
  EXPECT_FAILURE(failureOnLine3("expect server tcp local 9877"), 3, 30,
                 "'expect server tcp' needs STATE (a TCP state like ESTABLISHED)");
  EXPECT_FAILURE(failureOnLine3("expect server alive"), 3, 8,
                 "no server started on host 'server' (add 'start server PROGRAM' before)");
  EXPECT_FAILURE(failureOnLine3("expect client state c CLOSE_WAIT => 0"), 3, 34, "'=>' is only for agent steps and await");
  EXPECT_FAILURE(failureOf(std::string(kPrefix) + "start server x\nexpect server cpu below 200% for 1s\n"), 4, 25,
                 "PERCENT must be a percentage like 10%, not '200%'");
  EXPECT_FAILURE(failureOf(std::string(kPrefix) + "start server x\nexpect server reaped \"t\" zombies 5\n"), 4, 26,
                 "expected '+', not 'zombies'");
  EXPECT_FAILURE(failureOf(std::string(kPrefix) + "start server x\nexpect server reaped terminated + zombies 5\n"), 4,
                 22, "STRING must be a string like \"text\", not 'terminated'");
}

TEST(ParserErrorDirective, Forms) {
  EXPECT_FAILURE(failureOnLine3("crash"), 3, 7, "'crash' needs HOST (a host)");
  EXPECT_FAILURE(failureOnLine3("crash srv"), 3, 7, "unknown host 'srv' (hosts: client server)");
  EXPECT_FAILURE(failureOnLine3("heal now"), 3, 6, "unexpected 'now' after 'heal'");
  EXPECT_FAILURE(failureOnLine3("sysctl client net.ipv4.x"), 3, 15,
                 "KEY=VALUE must be KEY=VALUE, e.g. net.ipv4.tcp_retries2=3, not 'net.ipv4.x'");
  EXPECT_FAILURE(failureOnLine3("kill server child SIGKILL"), 3, 6,
                 "no server started on host 'server' (add 'start server PROGRAM' before)");
  EXPECT_FAILURE(failureOnLine3("wait 1"), 3, 6, "DUR must be a duration like 15s or 200ms, not '1'");
  EXPECT_FAILURE(failureOnLine3("start server prog a=>b"), 3, 20,
                 "unexpected '=>' in program arguments (quote it: \"=>\")");
  EXPECT_FAILURE(failureOnLine3("crash server &"), 3, 14, "'&' is only for agent steps");
  EXPECT_FAILURE(failureOnLine3("interrupt client c SIGUSR1"), 3, 18,
                 "'c' is not a pending background call (last assigned by 'connect' at line 2; each '&' call is "
                 "awaited once)");
  EXPECT_FAILURE(failureOf(std::string(kPrefix) + "client r = read c &\ninterrupt server r SIGUSR1\nawait r => 0\n"),
                 4, 18, "'r' is a call of host client");
  EXPECT_FAILURE(failureOf(std::string(kPrefix) + "client r = read c &\ninterrupt client r SIGUSR\nawait r => 0\n"),
                 4, 20, "unknown signal name 'SIGUSR' (did you mean 'SIGUSR1'?)");
}

// Wire directives: directions between declared hosts, matches, rates, percentages,
// sequence expressions; every mistake at its token with the verb's usage.
TEST(ParserErrorWire, Directions) {
  EXPECT_FAILURE(failureOnLine3("drop client server"), 3, 13, "expected '>' between the hosts, not 'server'");
  EXPECT_FAILURE(failureOnLine3("drop client > srv"), 3, 15, "unknown host 'srv' (hosts: client server)");
  EXPECT_FAILURE(failureOnLine3("drop client > client"), 3, 15,
                 "'client > client' is no direction: SRC and DST must differ");
  EXPECT_FAILURE(failureOnLine3("delay router > client 10ms"), 3, 7,
                 "'router' is the wire itself: delay needs two declared hosts");
  EXPECT_FAILURE(failureOnLine3("loss client >"), 3, 15, "'loss' needs DST (a host)");
  EXPECT_FAILURE(failureOnLine3("mtu router 1280"), 3, 5, "the wire's MTU is set toward a declared host, not 'router'");
  EXPECT_FAILURE(failureOnLine3("mtu client"), 3, 12, "'mtu' needs N (a count like 3 or a size like 64K)");
  EXPECT_FAILURE(failureOnLine3("mtu client 1280 blackhol"), 3, 17, "unexpected 'blackhol' after 'mtu 1280'");
}

TEST(ParserErrorWire, Arguments) {
  std::string usage = failureOnLine3("drop client > server SYN").what;
  EXPECT_NE(usage.find("expected: drop SRC > DST [MATCH] [count N] [nth N]"), std::string::npos) << usage;
  EXPECT_FAILURE(failureOnLine3("drop client > server SYN"), 3, 22,
                 "MATCH must be TCP flags among S F R P A U E C (e.g. S, SA, F) or data (segments with payload), "
                 "not 'SYN'");
  EXPECT_FAILURE(failureOnLine3("drop client > server S count"), 3, 30, "'drop' needs N (a count like 3 or a size like 64K)");
  EXPECT_FAILURE(failureOnLine3("drop client > server S count 1 count 2"), 3, 32, "'count' given twice");
  EXPECT_FAILURE(failureOnLine3("loss client > server 150%"), 3, 22, "PERCENT must be a percentage like 10%, not '150%'");
  EXPECT_FAILURE(failureOnLine3("loss client > server"), 3, 22, "'loss' needs PERCENT (a percentage like 10%)");
  EXPECT_FAILURE(failureOnLine3("delay client > server 10"), 3, 23, "DUR must be a duration like 15s or 200ms, not '10'");
  EXPECT_FAILURE(failureOnLine3("delay client > server 10ms jitter"), 3, 35,
                 "'delay' needs DUR (a duration like 15s or 200ms)");
  EXPECT_FAILURE(failureOnLine3("rate client > server 1mbits"), 3, 22,
                 "RATE must be a rate like 1mbit (units: bit kbit mbit gbit bps kbps mbps gbps), not '1mbits'");
  EXPECT_FAILURE(failureOnLine3("rate client > server 0kbit"), 3, 22,
                 "RATE must be a rate like 1mbit (units: bit kbit mbit gbit bps kbps mbps gbps), not '0kbit'");
  EXPECT_FAILURE(failureOnLine3("reorder client > server data 10ms"), 3, 30, "unexpected '10ms' after 'reorder client server data'");
  EXPECT_FAILURE(failureOnLine3("corrupt client > server data within 1s"), 3, 30, "'corrupt' takes no 'within'");
  EXPECT_FAILURE(failureOnLine3("clear now"), 3, 7, "unexpected 'now' after 'clear'");
}

TEST(ParserErrorWire, Inject) {
  EXPECT_FAILURE(failureOnLine3("inject server > client"), 3, 24, "'inject' needs FLAGS (TCP flags among S F R P A U "
                                                                 "(e.g. R, FA, SA), icmp, or an ICMP kind (icmp-host-unreachable))");
  EXPECT_FAILURE(failureOnLine3("inject server > client icmp"), 3, 24,
                 "FLAGS must be TCP flags among S F R P A U (e.g. R, FA, SA), icmp, or an ICMP kind (icmp-host-unreachable), not 'icmp'");
  EXPECT_FAILURE(failureOnLine3("inject server > client R seq rcv_next"), 3, 30,
                 "SEQ must be rcv_nxt, snd_una or oow (out of window), optionally +N or -N, or a number, not 'rcv_next'");
  EXPECT_FAILURE(failureOnLine3("inject server > client R seq rcv_nxt*2"), 3, 30,
                 "SEQ must be rcv_nxt, snd_una or oow (out of window), optionally +N or -N, or a number, not 'rcv_nxt*2'");
  EXPECT_FAILURE(failureOnLine3("inject server > client PA data 12"), 3, 32,
                 "STRING must be a string like \"text\", not '12'");
}

TEST(ParserErrorWire, Expectations) {
  EXPECT_FAILURE(failureOnLine3("expect wire dropped"), 3, 21, "'expect wire' needs N (a count like 3 or a size like 64K)");
  EXPECT_FAILURE(failureOnLine3("expect wire dropped > 2"), 3, 21, "N must be a count like 3 or a size like 64K, not '>'");
  EXPECT_FAILURE(failureOnLine3("expect wire dropped 2 since m"), 3, 29,
                 "no 'mark m' before this line");
  EXPECT_FAILURE(failureOnLine3("expect client dropped 2"), 3, 8,
                 "'dropped' is a check of the wire: write 'expect wire ...'");
  EXPECT_FAILURE(failureOnLine3("expect client mib TcpExtTCPChallengeACK 1"), 3, 41,
                 "CMP must be a comparison: >=, <= or =, not '1'");
  EXPECT_FAILURE(failureOnLine3("expect client mib tcpchallenge >= 1"), 3, 19,
                 "COUNTER must be a MIB counter as nstat names it, e.g. TcpExtTCPChallengeACK or TcpRetransSegs, "
                 "not 'tcpchallenge'");
  EXPECT_FAILURE(failureOf(std::string(kPrefix) + "mark start\nexpect client mib TcpRetransSegs >= 1 since strt\n"), 4,
                 45, "no 'mark strt' before this line (did you mean 'start'?)");
  EXPECT_FAILURE(failureOnLine3("mark 1x"), 3, 6, "NAME must be a name (letters, digits, _), not '1x'");
}

}  // namespace
}  // namespace tcpfault::scenario
