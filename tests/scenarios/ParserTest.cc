// Every construct of the scenario language parses to the AST the executor expects.
#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <cerrno>
#include <filesystem>
#include <fstream>

#include "ScenarioTexts.h"
#include "scenarios/runner/lang/Grammar.h"
#include "scenarios/runner/lang/Scenario.h"

namespace tcpfault::scenario {
namespace {

using AK = Arg::Kind;

constexpr const char* kHosts = "hosts client server\n";

Scenario parse(const std::string& text, std::string_view file = "scenarios/rst/story.scn") {
  return parseScenario(text, file);
}

// The single step of "hosts client server" + connect + `line`.
Step lastStep(const std::string& lines) {
  Scenario s = parse(std::string(kHosts) + "client c = connect server:9877\n" + lines);
  return s.steps.back();
}

TEST(ParserMetadata, AllLinesAndDefaults) {
  Scenario s = parse(
      "# comment\n"
      "name   my-story\n"
      "ref    UNP 5.13 (SIGPIPE); tcp(7)   # a comment\n"
      "group  rst\n"
      "servers fork-echo\n"
      "servers epoll-et-echo poll-echo\n"
      "hosts  client server client2\n"
      "port   7000\n"
      "timeout 90s\n"
      "solo\n"
      "explain First line: it's fine.\n"
      "explain Second line.\n"
      "relies net.ipv4.tcp_retries2 net.ipv4.tcp_fin_timeout\n"
      "wait 1s\n",
      "x/y.scn");
  EXPECT_EQ(s.name, "my-story");
  EXPECT_EQ(s.ref, "UNP 5.13 (SIGPIPE); tcp(7)");
  EXPECT_EQ(s.group, "rst");
  EXPECT_EQ(s.servers, (std::vector<std::string>{"fork-echo", "epoll-et-echo", "poll-echo"}));
  EXPECT_EQ(s.hosts, (std::vector<std::string>{"client", "server", "client2"}));
  EXPECT_EQ(s.port, 7000);
  EXPECT_DOUBLE_EQ(s.timeout, 90);
  EXPECT_TRUE(s.solo);
  EXPECT_EQ(s.explain, "First line: it's fine.\nSecond line.");
  EXPECT_EQ(s.sysctlsRelied, (std::vector<std::string>{"net.ipv4.tcp_retries2", "net.ipv4.tcp_fin_timeout"}));
  EXPECT_EQ(s.file, "x/y.scn");
  ASSERT_EQ(s.steps.size(), 1u);
}

TEST(ParserMetadata, NameAndGroupDefaultFromPath) {
  Scenario s = parse("hosts a\nwait 1s\n", "scenarios/rst/write-after-rst.scn");
  EXPECT_EQ(s.name, "write-after-rst");
  EXPECT_EQ(s.group, "rst");
  EXPECT_EQ(s.port, 9877);
  EXPECT_DOUBLE_EQ(s.timeout, 60);
  EXPECT_FALSE(s.solo);
  EXPECT_EQ(parse("hosts a\nwait 1s\n", "scenarios/top.scn").group, "misc");
  EXPECT_EQ(parse("hosts a\nwait 1s\n", "top.scn").group, "misc");
}

TEST(ParserMetadata, MetadataAmongStepsAndCrlf) {
  Scenario s = parse("hosts client server\r\nwait 1s\r\nexplain later\r\nname n\r\n");
  EXPECT_EQ(s.explain, "later");
  EXPECT_EQ(s.name, "n");
  ASSERT_EQ(s.steps.size(), 1u);
  EXPECT_EQ(s.steps[0].source, "wait 1s");
}

TEST(ParserAgent, ConnectAssignsAndKeepsOptionsInOrder) {
  Scenario s = parse(std::string(kHosts) + "  client c = connect server:9877 ipv6 timeout 2s nonblock  # x\n");
  const Step& st = s.steps.at(0);
  EXPECT_EQ(st.kind, Step::Kind::Agent);
  EXPECT_EQ(st.host, "client");
  EXPECT_EQ(st.var, "c");
  EXPECT_EQ(st.verb, "connect");
  EXPECT_EQ(st.source, "client c = connect server:9877 ipv6 timeout 2s nonblock");
  EXPECT_EQ(st.pos.line, 2);
  EXPECT_EQ(st.pos.col, 3);
  ASSERT_EQ(st.args.size(), 5u);
  EXPECT_EQ(st.args[0].text, "server:9877");
  EXPECT_EQ(st.args[0].pos.col, 22);
  EXPECT_TRUE(flag(st, "ipv6"));
  EXPECT_TRUE(flag(st, "nonblock"));
  EXPECT_FALSE(flag(st, "reuseaddr"));
  ASSERT_NE(option(st, "timeout"), nullptr);
  EXPECT_EQ(option(st, "timeout")->kind, AK::Duration);
  EXPECT_DOUBLE_EQ(option(st, "timeout")->seconds, 2);
  EXPECT_FALSE(st.expect);
}

TEST(ParserAgent, EveryVerbParses) {
  Scenario s = parse(std::string(kHosts) +
                     "server l = listen 9877 reuseaddr backlog 1 ipv6\n"
                     "client c = connect server:9877\n"
                     "server s = accept l nonblock timeout 1s\n"
                     "client write c \"hi\\n\" nosignal\n"
                     "client send c 1M nosignal dontwait oob more\n"
                     "client read c\n"
                     "client read c 100\n"
                     "client recv c 64K waitall peek dontwait\n"
                     "client readall c 10\n"
                     "client shutdown c wr\n"
                     "client setsockopt c SO_LINGER 0\n"
                     "client setsockopt c TCP_USER_TIMEOUT 500ms\n"
                     "client so_error c\n"
                     "client signal SIGPIPE catch\n"
                     "client abort c\n"
                     "client close c\n"
                     "router signal SIGTERM ignore\n");
  std::vector<std::string> verbsSeen;
  for (const Step& st : s.steps) verbsSeen.push_back(st.verb);
  EXPECT_EQ(verbsSeen, (std::vector<std::string>{"listen", "connect", "accept", "write", "send", "read", "read",
                                                 "recv", "readall", "shutdown", "setsockopt", "setsockopt",
                                                 "so_error", "signal", "abort", "close", "signal"}));
  EXPECT_EQ(s.steps[4].args[1].kind, AK::Size);
  EXPECT_EQ(s.steps[4].args[1].number, 1 << 20);
  EXPECT_EQ(s.steps[6].args[1].kind, AK::Number);
  EXPECT_EQ(s.steps[6].args[1].number, 100);
  EXPECT_EQ(s.steps[7].args[1].number, 65536);
  EXPECT_DOUBLE_EQ(s.steps[11].args[2].seconds, 0.5);
  EXPECT_EQ(s.steps[16].host, "router");
}

TEST(ParserAgent, SynFloodAndDeferAccept) {
  Scenario s = parse("hosts client attacker server\n"
                     "server l = listen 9877 backlog 4\n"
                     "server setsockopt l TCP_DEFER_ACCEPT 1s\n"
                     "attacker f = synflood server:9877 16 => 16\n"
                     "attacker close f\n");
  const Step& defer = s.steps[1];
  EXPECT_EQ(defer.args[1].text, "TCP_DEFER_ACCEPT");
  EXPECT_DOUBLE_EQ(defer.args[2].seconds, 1);
  const Step& flood = s.steps[2];
  EXPECT_EQ(flood.verb, "synflood");
  EXPECT_EQ(flood.var, "f");
  EXPECT_EQ(flood.args[0].text, "server:9877");
  EXPECT_EQ(flood.args[1].number, 16);
  EXPECT_EQ(*flood.expect->ret, 16);
}

TEST(ParserAgent, StringEscapesAreUnescaped) {
  Step st = lastStep("client write c \"a\\n\\r\\t\\0\\\\\\\"\\x41\\xff#\"\n");
  ASSERT_EQ(st.args[1].kind, AK::String);
  EXPECT_EQ(st.args[1].text, std::string("a\n\r\t\0\\\"A\xff#", 10));
}

TEST(ParserAgent, VariablesMayBeReassigned) {
  Scenario s = parse(std::string(kHosts) + "client c = connect server:9877\nclient c = connect server:9877\n");
  EXPECT_EQ(s.steps.size(), 2u);
}

TEST(ParserExpectation, Forms) {
  auto e = [](const std::string& text) { return *lastStep("client write c \"hi\" " + text + "\n").expect; };
  Expectation n = e("=> 3");
  EXPECT_EQ(n.ret, 3);
  EXPECT_FALSE(n.err);
  EXPECT_EQ(n.text, "3");
  EXPECT_EQ(n.pos.line, 3);
  EXPECT_EQ(n.pos.col, 21);
  Expectation m = e("=> -1 ECONNRESET");
  EXPECT_EQ(m.ret, -1);
  EXPECT_EQ(m.err, ECONNRESET);
  EXPECT_EQ(m.text, "-1 ECONNRESET");
  Expectation shortErr = e("=> EPIPE");
  EXPECT_EQ(shortErr.ret, -1);
  EXPECT_EQ(shortErr.err, EPIPE);
  Expectation data = e("=>\"hi\\n\"");
  EXPECT_EQ(data.data, "hi\n");
  EXPECT_EQ(data.ret, 3);
  EXPECT_EQ(data.text, "\"hi\\n\"");
  Expectation ok = e("=> ok");
  EXPECT_TRUE(ok.ok);
  EXPECT_FALSE(ok.ret);
  Expectation sig = e("=> signal SIGPIPE");
  EXPECT_EQ(sig.killedBy, SIGPIPE);
  EXPECT_FALSE(sig.ret);
  Expectation caught = e("=> -1 EPIPE caught PIPE");
  EXPECT_EQ(caught.err, EPIPE);
  EXPECT_EQ(caught.caught, SIGPIPE);
  EXPECT_EQ(caught.text, "-1 EPIPE caught PIPE");
  EXPECT_EQ(e("=> 0").ret, 0);
  EXPECT_EQ(e("=> \"\"").ret, 0);
}

TEST(ParserExpectation, BlockedAndNosignal) {
  Step b = lastStep("client c = connect server:9877 timeout 1500ms => blocked for 1500ms\n");
  EXPECT_TRUE(b.expect->blocked);
  EXPECT_DOUBLE_EQ(*b.expect->blockedFor, 1.5);
  Step n = lastStep("client write c \"x\" => -1 ECONNRESET nosignal\n");
  EXPECT_EQ(n.expect->err, ECONNRESET);
  EXPECT_TRUE(n.expect->noSignal);
  // blocked is the outcome of the call's own bound: without one it is refused
  EXPECT_THROW(lastStep("client read c => blocked\n"), ParseError);
}

TEST(ParserExpect, WireCountsWindowsAndIcmpKinds) {
  Step atLeast = lastStep("expect wire client > server PA count >= 3\n");
  EXPECT_EQ(option(atLeast, "count")->text, ">=");
  EXPECT_EQ(option(atLeast, ">=")->number, 3);
  Step atMost = lastStep("expect wire client > server PA count <= 2 for 1s\n");
  EXPECT_EQ(option(atMost, "count")->text, "<=");
  EXPECT_EQ(option(atMost, "<=")->number, 2);
  EXPECT_DOUBLE_EQ(option(atMost, "for")->seconds, 1);
  EXPECT_THROW(lastStep("expect wire client > server PA count >= \n"), ParseError);
  Step none = lastStep("expect wire server > client F no\n");
  EXPECT_TRUE(flag(none, "no"));
  Step since = lastStep("mark crash\nexpect wire client > server PA count 6 since crash for 1s\n");
  EXPECT_EQ(option(since, "since")->text, "crash");
  EXPECT_EQ(option(since, "count")->number, 6);
  EXPECT_DOUBLE_EQ(option(since, "for")->seconds, 1);
  Step icmp = lastStep("expect wire router > client icmp-admin-prohibited\n");
  EXPECT_EQ(icmp.args[2].text, "icmp-admin-prohibited");
  EXPECT_THROW(lastStep("expect wire client > server R since nowhere\n"), ParseError);
  EXPECT_THROW(lastStep("expect wire client > server R after 1s\n"), ParseError);
  EXPECT_THROW(lastStep("mark m\nmark m\n"), ParseError);
}

// checks PROPERTY: one property of the table (lang/Properties.cc), once per story.
TEST(ParserMetadata, ChecksNamesOneKnownProperty) {
  const std::string kStep = "client c = connect server:9877\n";
  EXPECT_EQ(parse(std::string(kHosts) + "checks   half-close\n" + kStep).checks, "half-close");
  EXPECT_EQ(parse(std::string(kHosts) + kStep).checks, "");
  try {
    parse(std::string(kHosts) + "checks   half-closed\n" + kStep);
    FAIL() << "an unknown property parsed";
  } catch (const ParseError& e) {
    EXPECT_NE(e.message.find("unknown property 'half-closed' (did you mean 'half-close'?)"), std::string::npos)
        << e.message;
  }
  EXPECT_THROW(parse(std::string(kHosts) + "checks   no-leak serves\n" + kStep), ParseError);
  EXPECT_THROW(parse(std::string(kHosts) + "checks   no-leak\nchecks   serves\n" + kStep), ParseError);
}

// setup-checks PROPERTY: a known property, once; it is no host name.
TEST(ParserMetadata, SetupChecksNamesOneKnownProperty) {
  const std::string kStep = "client c = connect server:9877\n";
  Scenario sc = parse(std::string(kHosts) + "checks   survives-reset\nsetup-checks slow-reader\n" + kStep);
  EXPECT_EQ(sc.checks, "survives-reset");
  EXPECT_EQ(sc.setupChecks, "slow-reader");
  EXPECT_THROW(parse(std::string(kHosts) + "setup-checks slow\n" + kStep), ParseError);
  EXPECT_THROW(parse(std::string(kHosts) + "setup-checks serves\nsetup-checks serves\n" + kStep), ParseError);
}

// expect HOST fds CMP N [since MARK]: the server's descriptors, or their rise.
TEST(ParserExpect, FdsComparesACountOrARiseSinceAMark) {
  Step abs = lastStep("start server $server\nexpect server fds <= 12\n");
  EXPECT_EQ(abs.verb, "fds");
  EXPECT_EQ(option(abs, "<=")->number, 12);
  Step rise = lastStep("start server $server\nmark before\nexpect server fds <= 0 since before within 3s\n");
  EXPECT_EQ(option(rise, "since")->text, "before");
  EXPECT_THROW(lastStep("start server $server\nexpect server fds <= 0 since nowhere\n"), ParseError);
  EXPECT_THROW(lastStep("expect server fds <= 3\n"), ParseError);  // no server started
}

TEST(ParserExpectation, WithinAndAfterInEitherOrder) {
  Step a = lastStep("client read c => -1 ETIMEDOUT within 15s after 1.5s\n");
  EXPECT_DOUBLE_EQ(*a.within, 15);
  EXPECT_DOUBLE_EQ(*a.after, 1.5);
  EXPECT_EQ(a.expect->text, "-1 ETIMEDOUT");
  Step b = lastStep("client read c after 200ms within 1m\n");
  EXPECT_DOUBLE_EQ(*b.within, 60);
  EXPECT_DOUBLE_EQ(*b.after, 0.2);
  EXPECT_FALSE(b.expect);
}

TEST(ParserAwait, BackgroundCallAndAwait) {
  Scenario s = parse(std::string(kHosts) +
                     "client c = connect server:9877\n"
                     "client r = read c 10 &\n"
                     "crash server\n"
                     "await r => -1 ETIMEDOUT within 15s\n"
                     "client r = read c&\n"
                     "await r => \"x\"\n");
  const Step& bg = s.steps[1];
  EXPECT_TRUE(bg.background);
  EXPECT_EQ(bg.var, "r");
  EXPECT_EQ(bg.args.size(), 2u);
  const Step& aw = s.steps[3];
  EXPECT_EQ(aw.kind, Step::Kind::Await);
  EXPECT_EQ(aw.verb, "await");
  EXPECT_EQ(aw.var, "r");
  EXPECT_EQ(aw.host, "client");
  EXPECT_EQ(aw.expect->err, ETIMEDOUT);
  EXPECT_DOUBLE_EQ(*aw.within, 15);
  EXPECT_TRUE(s.steps[4].background);
}

// UNP 5.9: a handler with SA_RESTART, and a signal to the thread of a pending call.
TEST(ParserAwait, InterruptSignalsAPendingCall) {
  Scenario s = parse(std::string(kHosts) +
                     "server signal SIGUSR1 catch restart => 0\n"
                     "server l = listen 9877\n"
                     "server a = accept l &\n"
                     "interrupt server a SIGUSR1\n"
                     "await a => -1 EINTR caught SIGUSR1\n");
  EXPECT_TRUE(flag(s.steps[0], "catch"));
  EXPECT_TRUE(flag(s.steps[0], "restart"));
  const Step& in = s.steps[3];
  EXPECT_EQ(in.kind, Step::Kind::Directive);
  EXPECT_EQ(in.verb, "interrupt");
  EXPECT_EQ(in.host, "server");
  ASSERT_EQ(in.args.size(), 2u);
  EXPECT_EQ(in.args[0].text, "a");
  EXPECT_EQ(in.args[0].slot, "CALL");
  EXPECT_EQ(in.args[1].text, "SIGUSR1");
  EXPECT_EQ(s.steps[4].expect->caught, SIGUSR1);
  EXPECT_FALSE(findVerb(Context::Directive, "interrupt")->needsServer());
}

TEST(ParserAwait, BackgroundConnectBecomesASocket) {
  Scenario s = parse(std::string(kHosts) + "client c = connect server:9877 &\nawait c => 0\nclient write c \"x\"\n");
  EXPECT_EQ(s.steps.size(), 3u);
}

TEST(ParserExpect, EveryCheckParses) {
  Scenario s = parse(std::string(kHosts) +
                     "start server $server --port {port} \"two words\" 3\n"
                     "client c = connect server:9877\n"
                     "expect client state c CLOSE_WAIT within 5s\n"
                     "expect server tcp local 9877 TIME_WAIT count 2\n"
                     "expect client tcp remote 9877 ESTABLISHED\n"
                     "expect wire server > client FA count 1\n"
                     "expect wire client>router icmp\n"
                     "expect server zombies 0\n"
                     "expect server children 1\n"
                     "expect server alive\n"
                     "expect server exited\n"
                     "expect server exited 1\n"
                     "expect server killed SIGKILL\n"
                     "expect server cpu below 10% for 2s\n"
                     "expect server log \"accept: EMFILE\"\n"
                     "expect server reaped \"terminated\" + zombies 5\n"
                     "expect server asleep in accept4 within 2s\n");
  const Step& state = s.steps[2];
  EXPECT_EQ(state.kind, Step::Kind::Expect);
  EXPECT_EQ(state.host, "client");
  EXPECT_EQ(state.verb, "state");
  ASSERT_EQ(state.args.size(), 2u);
  EXPECT_EQ(state.args[1].text, "CLOSE_WAIT");
  EXPECT_DOUBLE_EQ(*state.within, 5);
  const Step& wire = s.steps[5];
  EXPECT_EQ(wire.host, "wire");
  EXPECT_EQ(wire.verb, "wire");
  ASSERT_EQ(wire.args.size(), 5u);
  EXPECT_EQ(wire.args[0].text, "server");
  EXPECT_EQ(wire.args[1].text, "client");
  EXPECT_EQ(wire.args[2].text, "FA");
  EXPECT_EQ(option(wire, "count")->number, 1);
  EXPECT_EQ(s.steps[6].args[1].text, "router");
  EXPECT_EQ(s.steps[13].verb, "cpu");
  EXPECT_EQ(s.steps[13].args[1].text, "10%");
  EXPECT_EQ(s.steps[14].args[0].kind, AK::String);
  const Step& reaped = s.steps[15];
  EXPECT_EQ(reaped.verb, "reaped");
  ASSERT_EQ(reaped.args.size(), 4u);
  EXPECT_EQ(reaped.args[0].text, "terminated");
  EXPECT_EQ(reaped.args[0].slot, "STRING");
  EXPECT_EQ(reaped.args[3].number, 5);
  EXPECT_EQ(reaped.args[3].slot, "N");
  const Step& asleep = s.steps[16];
  EXPECT_EQ(asleep.verb, "asleep");
  ASSERT_FALSE(asleep.args.empty());
  EXPECT_EQ(asleep.args.back().slot, "NAME");
  EXPECT_EQ(asleep.args.back().text, "accept4");
  EXPECT_DOUBLE_EQ(*asleep.within, 2);
}

TEST(ParserExpect, WireLenSelectsThePayloadSize) {
  Scenario s = parse(std::string(kHosts) +
                     "expect wire client > server A len 0 count 3 within 6s\n"
                     "expect wire client > server PA count 2 len 1\n"
                     "expect wire server > client R\n");
  EXPECT_EQ(option(s.steps[0], "len")->number, 0);
  EXPECT_EQ(option(s.steps[0], "count")->number, 3);
  EXPECT_DOUBLE_EQ(*s.steps[0].within, 6);
  EXPECT_EQ(option(s.steps[1], "len")->number, 1);
  EXPECT_EQ(option(s.steps[2], "len"), nullptr);
}

TEST(ParserDirective, EveryDirectiveParses) {
  Scenario s = parse(std::string(kHosts) +
                     "start server $server --port {port} within\n"
                     "sysctl client net.ipv4.tcp_retries2=3\n"
                     "kill server children SIGTERM\n"
                     "partition client server\n"
                     "heal\n"
                     "wait 200ms\n"
                     "unreachable server\n"
                     "crash server\n"
                     "reboot server\n"
                     "shutdown client 1s\n"
                     "shutdown server\n"
                     "stop server within 5s\n");
  const Step& start = s.steps[0];
  EXPECT_EQ(start.kind, Step::Kind::Directive);
  EXPECT_EQ(start.verb, "start");
  EXPECT_EQ(start.host, "server");
  ASSERT_EQ(start.args.size(), 4u);
  EXPECT_EQ(start.args[0].text, "$server");
  EXPECT_EQ(start.args[2].text, "{port}");
  EXPECT_EQ(start.args[3].text, "within");  // program arguments are free
  EXPECT_EQ(s.steps[1].args[0].text, "net.ipv4.tcp_retries2=3");
  EXPECT_EQ(s.steps[3].host, "client");
  EXPECT_EQ(s.steps[3].args[0].text, "server");
  EXPECT_EQ(s.steps[4].host, "");
  EXPECT_DOUBLE_EQ(s.steps[5].args[0].seconds, 0.2);
  EXPECT_DOUBLE_EQ(s.steps[9].args[0].seconds, 1);
  EXPECT_TRUE(s.steps[10].args.empty());
  EXPECT_DOUBLE_EQ(*s.steps[11].within, 5);
}

TEST(ParserWire, EveryWireDirectiveParses) {
  Scenario s = parse(std::string(kHosts) +
                     "drop server > client SA count 1 nth 2\n"
                     "drop client>server\n"
                     "loss client > server 12.5% seed 7\n"
                     "loss client > server data 10\n"
                     "delay server > client 20ms jitter 5ms count 3\n"
                     "reorder client > server data count 1\n"
                     "duplicate client > server count 3\n"
                     "corrupt client > server P nth 2\n"
                     "rate client > server 1.5mbit\n"
                     "mtu client 1280 blackhole\n"
                     "inject server > client R seq rcv_nxt+1000\n"
                     "inject client > server PA seq snd_una-1 ack 12345 data \"x\"\n"
                     "clear\n"
                     "mark m1\n");
  const Step& drop = s.steps[0];
  EXPECT_EQ(drop.kind, Step::Kind::Directive);
  EXPECT_EQ(drop.verb, "drop");
  ASSERT_EQ(drop.args.size(), 7u);
  EXPECT_EQ(drop.args[0].slot, "SRC");
  EXPECT_EQ(drop.args[1].text, "client");
  EXPECT_EQ(drop.args[2].slot, "MATCH");
  EXPECT_EQ(drop.args[2].text, "SA");
  EXPECT_EQ(option(drop, "count")->number, 1);
  EXPECT_EQ(option(drop, "nth")->number, 2);
  EXPECT_EQ(s.steps[1].args.size(), 2u);
  EXPECT_EQ(s.steps[2].args[2].slot, "PERCENT");
  EXPECT_EQ(s.steps[2].args[2].text, "12.5%");
  EXPECT_EQ(s.steps[3].args[2].text, "data");
  EXPECT_EQ(s.steps[3].args[3].slot, "PERCENT");
  EXPECT_DOUBLE_EQ(s.steps[4].args[2].seconds, 0.02);
  EXPECT_DOUBLE_EQ(option(s.steps[4], "jitter")->seconds, 0.005);
  EXPECT_EQ(s.steps[6].args.size(), 4u);  // no MATCH: the default (data)
  EXPECT_EQ(s.steps[8].args[2].slot, "RATE");
  EXPECT_EQ(s.steps[9].host, "client");
  EXPECT_TRUE(flag(s.steps[9], "blackhole"));
  EXPECT_EQ(s.steps[10].args[2].slot, "FLAGS");
  EXPECT_EQ(option(s.steps[10], "seq")->text, "rcv_nxt+1000");
  EXPECT_EQ(option(s.steps[11], "ack")->number, 12345);
  EXPECT_EQ(option(s.steps[11], "data")->text, "x");
  EXPECT_TRUE(s.steps[12].args.empty());
  EXPECT_EQ(s.steps[13].args[0].text, "m1");
  for (size_t i = 0; i < 13; ++i) EXPECT_TRUE(findVerb(s.steps[i])->fault()) << s.steps[i].source;
  EXPECT_TRUE(findVerb(s.steps[10])->traits & kTracks);
  EXPECT_FALSE(findVerb(s.steps[13])->fault());
}

TEST(ParserWire, WireAndMibExpectations) {
  Scenario s = parse(std::string(kHosts) +
                     "mark before\n"
                     "expect wire dropped 2\n"
                     "expect wire injected >= 1 since before within 2s\n"
                     "expect wire server > client R\n"
                     "expect server mib TcpExtTCPChallengeACK >= 1 since before\n"
                     "expect client mib TcpRetransSegs = 0\n"
                     "expect router mib IcmpOutDestUnreachs <= 3\n");
  const Step& dropped = s.steps[1];
  EXPECT_EQ(dropped.host, "wire");
  EXPECT_EQ(dropped.verb, "dropped");
  EXPECT_EQ(dropped.args[0].text, "dropped");
  EXPECT_EQ(dropped.args[1].slot, "N");
  const Step& injected = s.steps[2];
  EXPECT_EQ(injected.verb, "dropped");  // one row for every wire tally
  EXPECT_EQ(injected.args[0].text, "injected");
  EXPECT_EQ(injected.args[1].slot, "CMP");
  EXPECT_EQ(injected.args[1].text, ">=");
  EXPECT_EQ(option(injected, "since")->text, "before");
  EXPECT_DOUBLE_EQ(*injected.within, 2);
  EXPECT_EQ(s.steps[3].verb, "wire");
  const Step& mib = s.steps[4];
  EXPECT_EQ(mib.host, "server");
  EXPECT_EQ(mib.verb, "mib");
  EXPECT_EQ(mib.args[0].slot, "COUNTER");
  EXPECT_EQ(mib.args[1].text, ">=");
  EXPECT_EQ(mib.args[2].number, 1);
  EXPECT_EQ(s.steps[5].args[1].text, "=");
  EXPECT_EQ(s.steps[6].host, "router");
  EXPECT_EQ(s.steps[6].args[1].text, "<=");
  EXPECT_TRUE(findVerb(mib)->traits & kBaseline);
}

TEST(ParserLexing, NumbersSizesDurations) {
  Step st = lastStep("client send c 64K\n");
  EXPECT_EQ(st.args[1].number, 65536);
  Scenario s = parse(std::string(kHosts) + "timeout 3m\nwait 1.5s\nwait 2m\nwait 100us\nwait 15ms\n");
  EXPECT_DOUBLE_EQ(s.steps[0].args[0].seconds, 1.5);
  EXPECT_DOUBLE_EQ(s.steps[1].args[0].seconds, 120);
  EXPECT_DOUBLE_EQ(s.steps[2].args[0].seconds, 1e-4);
  EXPECT_DOUBLE_EQ(s.steps[3].args[0].seconds, 0.015);
}

TEST(ParserGrammar, VerbTableIsConsistent) {
  std::vector<std::string> seen;
  for (const VerbSpec& v : verbs()) {
    EXPECT_FALSE(v.usage.empty()) << v.verb;
    EXPECT_NE(v.usage.find(v.verb), std::string_view::npos) << v.verb;
    std::string key = std::to_string(static_cast<int>(v.context)) + ":" + std::string(v.verb);
    EXPECT_EQ(std::count(seen.begin(), seen.end(), key), 0) << "duplicate row " << key;
    seen.push_back(key);
  }
  EXPECT_NE(findVerb(Context::Agent, "shutdown"), findVerb(Context::Directive, "shutdown"));
  EXPECT_EQ(findVerb(Context::Agent, "crash"), nullptr);
}

TEST(ParserFiles, ShippedScenariosParse) {
  auto texts = test::shippedScenarioTexts();
  ASSERT_GE(texts.size(), 2u) << "README.md must hold the two ```scn examples";
  for (const auto& t : texts) EXPECT_NO_THROW(parseScenario(t.text, t.origin)) << t.origin;
}

TEST(ParserFiles, LoadScenarioReadsAndReportsErrno) {
  auto dir = std::filesystem::temp_directory_path() / ("tcpfault-parser-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "grp");
  auto file = dir / "grp" / "ok.scn";
  std::ofstream(file) << "hosts a\nwait 1s\n";
  Scenario s = loadScenario(file);
  EXPECT_EQ(s.name, "ok");
  EXPECT_EQ(s.group, "grp");
  try {
    loadScenario(dir / "missing.scn");
    ADD_FAILURE() << "no error for a missing file";
  } catch (const ParseError& e) {
    EXPECT_EQ(e.pos.line, 0);
    EXPECT_NE(std::string(e.what()).find(":0:0: error: cannot read scenario: ENOENT"), std::string::npos) << e.what();
  }
  EXPECT_THROW(loadScenario(dir), ParseError);  // a directory: EISDIR
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tcpfault::scenario
