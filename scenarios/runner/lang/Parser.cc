// parseScenario(): splits the text into lines, decides each line's kind by its first
// word, and hands it to the metadata, agent, expect, await or directive parser.
#include "scenarios/runner/lang/Parser.h"
#include "scenarios/runner/lang/Traits.h"

#include <algorithm>
#include <utility>
#include <fmt/format.h>

#include "scenarios/runner/lang/Duration.h"
#include "scenarios/runner/lang/Expectation.h"
#include "scenarios/runner/lang/Grammar.h"
#include "scenarios/runner/lang/KernelSyntax.h"
#include "scenarios/runner/lang/Metadata.h"
#include "scenarios/runner/lang/Pattern.h"
#include "scenarios/runner/lang/Suggest.h"

namespace tcpfault::scenario {
namespace {

using K = Token::Kind;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The part of a step line the verb pattern sees, and what surrounds it.
struct StepParts {
  size_t argsEnd;                // args are [argsBegin, argsEnd)
  std::optional<size_t> amp;     // index of a trailing '&'
  std::optional<size_t> arrow;   // index of '=>'
  size_t tail;                   // first 'within'/'after', or tokens.size()
};

class Parser {
 public:
  Parser(std::string_view text, std::string_view file) : text_(text), file_(file) {}

  Scenario run() {
    int number = forEachLine(file_, text_, [this](const SourceLine& src) { parseLine(src); });
    finish(std::max(number, 1));
    return std::move(state_.scenario);
  }

 private:
  void parseLine(const SourceLine& src) {
    if (isRawMetadata(src)) return parseRawMetadata(src, state_);
    LexedLine lexed = lexLine(src);
    if (lexed.tokens.empty()) return;
    int endCol = lexed.tokens.back().endCol;
    LineTokens line{src, lexed.tokens, endCol};
    const Token& first = lexed.tokens.front();
    if (first.kind == K::Word && isMetadataKeyword(first.text)) return parseMetadata(line, state_);
    if (!state_.hostsDeclared) src.fail(first.pos.col, "missing 'hosts' line before the first step");
    Step step;
    step.source = std::string(trim(src.text.substr(0, lexed.codeEnd)));
    if (first.isWord("when")) return guardedStep(line, step);
    closeAwaitGroup();
    step.pos = first.pos;
    dispatch(line, step);
    state_.scenario.steps.push_back(std::move(step));
  }

  // --- when kernel OP VERSION STEP: the step runs on such kernels only. A guarded step
  // leaves nothing a later step could depend on: it assigns no variable, starts no server
  // or background call, sets no mark. Consecutive guarded awaits of one call are a group
  // (one await per kernel) whose guards must together cover every kernel.
  void guardedStep(const LineTokens& line, Step& step) {
    size_t end = 0;
    KernelCondition when = parseKernelCondition(line, 1, end);
    if (end >= line.tokens.size())
      line.failAt(end, "'when kernel OP VERSION' needs a step after it", "when kernel >= 6.13 STEP");
    std::vector<Token> rest(line.tokens.begin() + static_cast<long>(end), line.tokens.end());
    LineTokens stepLine{line.src, rest, line.endCol};
    if (rest.front().isWord("when")) stepLine.failAt(0, "one 'when' per step");
    if (rest.front().kind == K::Word && isMetadataKeyword(rest.front().text))
      stepLine.failAt(0, fmt::format("'when' guards a step, not the metadata line '{}' (a story that holds on "
                                     "some kernels only says so with a 'kernel' line)", rest.front().text));
    bool await = rest.front().isWord("await");
    std::string awaited = await && rest.size() > 1 ? rest[1].text : "";
    if (!await || awaited != group_.var) closeAwaitGroup();
    if (await && awaited == group_.var) state_.vars.at(awaited).pending = true;  // the group's next await
    step.pos = rest.front().pos;
    dispatch(stepLine, step);
    refuseGuarded(stepLine, step);
    if (await) {
      if (group_.var.empty()) group_ = {step.var, step.pos, {}};
      group_.guards.push_back(when);
    }
    step.when = std::move(when);
    state_.scenario.steps.push_back(std::move(step));
  }

  void refuseGuarded(const LineTokens& line, const Step& step) const {
    constexpr std::string_view why = "a step under 'when' must leave nothing later steps rely on";
    if (step.kind == Step::Kind::Agent && step.background)
      line.failAt(0, fmt::format("{}: no background call ('&')", why));
    if (step.kind == Step::Kind::Agent && !step.var.empty())
      line.failAt(0, fmt::format("{}: no variable ('{} =')", why, step.var));
    if (step.kind == Step::Kind::Directive && (step.verb == "start" || step.verb == "mark"))
      line.failAt(0, fmt::format("{}: no '{}'", why, step.verb));
  }

  // Whether some kernel would run none of a group's awaits: a lower bound (>=, >) and an
  // upper one (<, <=) must meet.
  static bool coversEveryKernel(const std::vector<KernelCondition>& guards) {
    using Op = KernelCondition::Op;
    for (const auto& lo : guards)
      for (const auto& hi : guards) {
        bool lower = lo.op == Op::GreaterEqual || lo.op == Op::Greater;
        bool upper = hi.op == Op::Less || hi.op == Op::LessEqual;
        if (!lower || !upper) continue;
        bool strict = lo.op == Op::Greater && hi.op == Op::Less;
        if (strict ? lo.version < hi.version : lo.version <= hi.version) return true;
      }
    return false;
  }

  void closeAwaitGroup() {
    if (group_.var.empty()) return;
    AwaitGroup g = std::exchange(group_, {});
    if (coversEveryKernel(g.guards)) return;
    std::vector<std::string> conds;
    for (const auto& c : g.guards) conds.push_back(c.text());
    failOnLine(g.pos.line, fmt::format("the guarded awaits of '{}' ({}) leave some kernels without an await: "
                                   "give one per side, e.g. 'when kernel >= 6.13 await {} ...' and "
                                   "'when kernel < 6.13 await {} ...'",
                                   g.var, fmt::join(conds, ", "), g.var, g.var),
               g.pos.col);
  }

  void dispatch(const LineTokens& line, Step& step) {
    const Token& first = line.tokens.front();
    if (first.isWord("expect")) return expectStep(line, step);
    if (first.isWord("await")) return awaitStep(line, step);
    if (first.kind == K::Word && state_.isHost(first.text)) return agentStep(line, step);
    if (first.kind == K::Word && findVerb(Context::Directive, first.text)) return directive(line, step);
    unknownFirstWord(line);
  }

  [[noreturn]] void unknownFirstWord(const LineTokens& line) const {
    const Token& first = line.tokens.front();
    if (first.kind != K::Word)
      line.failAt(0, fmt::format("a line starts with a host, 'expect', 'await', a directive or a "
                                 "metadata keyword, not '{}'", describe(first)));
    std::vector<std::string> known = state_.scenario.hosts;
    for (const VerbSpec& v : verbs())
      if (v.context == Context::Directive) known.emplace_back(v.verb);
    for (auto w : {"expect", "await", "router", "name", "ref", "group", "servers", "hosts", "port",
                   "timeout", "explain", "relies", "needs", "solo", "kernel", "when"})
      known.emplace_back(w);
    auto hint = closest(first.text, known);
    if (hint) line.failAt(0, fmt::format("unknown host or keyword '{}' (did you mean '{}'?)", first.text, *hint));
    line.failAt(0, fmt::format("unknown host or keyword '{}' (hosts: {})", first.text, state_.hostList()));
  }

  // --- agent steps: HOST [VAR =] VERB ARGS... [&] [=> EXPECTATION] [within DUR] [after DUR]

  void agentStep(const LineTokens& line, Step& step) {
    step.kind = Step::Kind::Agent;
    step.host = line.tokens[0].text;
    size_t v = 1;
    if (line.tokens.size() > 2 && line.tokens[2].kind == K::Equals) {
      step.var = variableName(line, 1);
      v = 3;
    } else if (line.tokens.size() > 1 && line.tokens[1].kind == K::Equals) {
      line.failAt(1, "missing variable name before '='");
    }
    const VerbSpec& spec = verbAt(line, v, Context::Agent, step);
    StepParts parts = split(line, v + 1, spec, step);
    matchPattern(spec, line, v + 1, parts.argsEnd, step, state_);
    if (parts.arrow) step.expect = parseExpectation(line, *parts.arrow, parts.tail);
    if (step.expect && step.expect->blocked && !option(step, "timeout"))
      line.failAt(*parts.arrow + 1, "'blocked' is the outcome of a call's own bound: add 'timeout DUR'",
                  spec.usage);
    checkBackground(line, step, spec, parts);
    bindVariable(line, step, spec);
  }

  std::string variableName(const LineTokens& line, size_t i) const {
    const Token& t = line.tokens[i];
    if (t.kind != K::Word || !std::isalpha(static_cast<unsigned char>(t.text[0])) ||
        !std::all_of(t.text.begin(), t.text.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }))
      line.failAt(i, fmt::format("'{}' is not a variable name (letters, digits, _)", describe(t)));
    if (state_.isHost(t.text)) line.failAt(i, fmt::format("'{}' is a host and cannot name a variable", t.text));
    if (isReservedWord(t.text)) line.failAt(i, fmt::format("'{}' is a keyword and cannot name a variable", t.text));
    return t.text;
  }

  const VerbSpec& verbAt(const LineTokens& line, size_t i, Context context, Step& step) const {
    std::string what = context == Context::Expect ? "check" : "verb";
    if (i >= line.tokens.size())
      line.failAt(i, "missing " + what, fmt::format("one of: {}", verbList(context)));
    const Token& t = line.tokens[i];
    if (t.kind == K::Word) {
      if (const VerbSpec* spec = findVerb(context, t.text)) {
        step.verb = t.text;
        return *spec;
      }
    }
    std::vector<std::string> names;
    for (const VerbSpec& v : verbs())
      if (v.context == context) names.emplace_back(v.verb);
    line.failAt(i, fmt::format("unknown {} '{}'{}", what, describe(t), didYouMean(t.text, names)),
                fmt::format("one of: {}", verbList(context)));
  }

  // Finds '&', '=>' and the timing tail; parses the tail into step.within/after.
  StepParts split(const LineTokens& line, size_t begin, const VerbSpec& spec, Step& step) const {
    const auto& toks = line.tokens;
    StepParts p{toks.size(), std::nullopt, std::nullopt, toks.size()};
    for (size_t i = begin; i < toks.size(); ++i)
      if (toks[i].isWord("within") || toks[i].isWord("after")) {
        p.tail = i;
        break;
      }
    if (p.tail < toks.size() && !spec.timed())
      line.failAt(p.tail, fmt::format("'{}' takes no '{}'", step.verb, toks[p.tail].text), spec.usage);
    parseTiming(line, p.tail, step);
    p.argsEnd = p.tail;
    for (size_t i = begin; i < p.tail; ++i)
      if (toks[i].kind == K::Arrow) {
        p.arrow = i;
        p.argsEnd = i;
        break;
      }
    if (p.argsEnd > begin && toks[p.argsEnd - 1].kind == K::Amp) p.amp = --p.argsEnd;
    for (size_t i = p.argsEnd + 1; p.arrow && i < p.tail; ++i)
      if (toks[i].kind == K::Amp)
        line.failAt(i, "'&' ends the call before any '=>', and a background call takes no "
                       "expectation (write it on 'await VAR')", spec.usage);
    return p;
  }

  void parseTiming(const LineTokens& line, size_t i, Step& step) const {
    while (i < line.tokens.size()) {
      const Token& t = line.tokens[i];
      if (!t.isWord("within") && !t.isWord("after"))
        line.failAt(i, fmt::format("unexpected '{}': 'within DUR' and 'after DUR' end the line", describe(t)));
      auto& slot = t.text == "within" ? step.within : step.after;
      if (slot) line.failAt(i, fmt::format("'{}' given twice", t.text));
      if (i + 1 >= line.tokens.size() || line.tokens[i + 1].kind != K::Duration)
        line.failAt(i + 1, fmt::format("'{}' needs a duration like 15s or 200ms", t.text));
      slot = line.tokens[i + 1].seconds;
      (t.text == "within" ? step.withinPos : step.afterPos) = line.tokens[i + 1].pos;
      i += 2;
    }
  }

  void checkBackground(const LineTokens& line, Step& step, const VerbSpec& spec, const StepParts& p) const {
    if (!p.amp) {
      if (!step.var.empty() && !spec.assignsSocket())
        line.failAt(1, fmt::format("'{}' does not create a socket: '{} =' needs a trailing '&' "
                                   "(a background call)", step.verb, step.var), spec.usage);
      return;
    }
    step.background = true;
    if (step.var.empty())
      line.failAt(*p.amp, fmt::format("a background call needs a name: '{} r = {} ... &'", step.host, step.verb));
    if (p.arrow)
      line.failAt(*p.arrow, fmt::format("a background call takes no expectation: write it on 'await {}'", step.var));
    if (step.within || step.after)
      line.failAt(p.tail, fmt::format("a background call takes no time bound: write it on 'await {}'", step.var));
  }

  void bindVariable(const LineTokens& line, const Step& step, const VerbSpec& spec) {
    if (step.var.empty()) return;
    auto it = state_.vars.find(step.var);
    if (it != state_.vars.end() && it->second.pending)
      line.failAt(1, fmt::format("'{}' is still pending (background '{}' at line {}): await it first",
                                 step.var, it->second.verb, it->second.line));
    state_.vars[step.var] = VarInfo{step.host, step.verb, step.pos.line, spec.assignsSocket() && !step.background,
                                    step.background};
  }

  // --- expect HOST CHECK ARGS... [within DUR] [after DUR] | expect wire SRC > DST FLAGS

  void expectStep(const LineTokens& line, Step& step) {
    step.kind = Step::Kind::Expect;
    if (line.tokens.size() < 2)
      line.failAt(1, "'expect' needs a host and a check", fmt::format("one of: {}", verbList(Context::Expect)));
    const Token& subject = line.tokens[1];
    size_t v = 2;
    const VerbSpec* wireSpec = nullptr;
    if (subject.isWord("wire")) {
      // "expect wire dropped 2" (a wire check) or "expect wire SRC > DST FLAGS" (segments).
      const VerbSpec* check = line.tokens.size() > 2 && line.tokens[2].kind == K::Word
                                  ? findWireCheck(line.tokens[2].text) : nullptr;
      wireSpec = check ? check : findVerb(Context::Expect, "wire");
      step.host = "wire";
      step.verb = std::string(wireSpec->verb);
      v = 1;
    } else {
      if (subject.kind != K::Word || !state_.isHost(subject.text)) hostError(line, 1);
      step.host = subject.text;
    }
    const VerbSpec& spec = wireSpec ? *wireSpec : verbAt(line, v, Context::Expect, step);
    if (v == 2 && step.verb == "wire") line.failAt(2, "write 'expect wire SRC > DST FLAGS'", spec.usage);
    if (v == 2 && (spec.traits & kWireSubject))
      line.failAt(1, fmt::format("'{}' is a check of the wire: write 'expect wire ...'", step.verb), spec.usage);
    StepParts parts = split(line, v + 1, spec, step);
    if (parts.arrow) line.failAt(*parts.arrow, "'=>' is only for agent steps and await", spec.usage);
    if (parts.amp) line.failAt(*parts.amp, "'&' is only for agent steps", spec.usage);
    rejectAfter(line, step, parts, "a check is polled until it holds: it has no 'after'");
    matchPattern(spec, line, v + 1, parts.argsEnd, step, state_);
    if (spec.needsServer()) requireServer(line, 1, step.host);
  }

  // Parsed means honoured: a bound the executor would not check is refused here.
  void rejectAfter(const LineTokens& line, const Step& step, const StepParts& parts, std::string_view why) const {
    if (!step.after) return;
    for (size_t i = parts.tail; i < line.tokens.size(); ++i)
      if (line.tokens[i].isWord("after")) line.failAt(i, std::string(why));
  }

  void requireServer(const LineTokens& line, size_t i, const std::string& host) const {
    if (!state_.started.contains(host))
      line.failAt(i, fmt::format("no server started on host '{}' (add 'start {} PROGRAM' before)", host, host));
  }

  [[noreturn]] void hostError(const LineTokens& line, size_t i) const {
    const Token& t = line.tokens[i];
    std::vector<std::string> hosts = state_.scenario.hosts;
    hosts.push_back("router");
    hosts.push_back("wire");
    auto hint = t.kind == K::Word ? closest(t.text, hosts) : std::nullopt;
    if (hint) line.failAt(i, fmt::format("unknown host '{}' (did you mean '{}'?)", describe(t), *hint));
    line.failAt(i, fmt::format("unknown host '{}' (hosts: {})", describe(t), state_.hostList()));
  }

  // --- await VAR => EXPECTATION [within DUR] [after DUR]

  void awaitStep(const LineTokens& line, Step& step) {
    step.kind = Step::Kind::Await;
    step.verb = "await";
    const VerbSpec& spec = *findVerb(Context::Await, "await");
    StepParts parts = split(line, 1, spec, step);
    if (parts.amp) line.failAt(*parts.amp, "'&' is only for agent steps", spec.usage);
    matchPattern(spec, line, 1, parts.argsEnd, step, state_);
    step.var = step.args.front().text;
    step.args.clear();
    if (!parts.arrow) line.failAt(parts.argsEnd, fmt::format("'await {}' needs '=> EXPECTATION'", step.var), spec.usage);
    step.expect = parseExpectation(line, *parts.arrow, parts.tail);
    VarInfo& v = state_.vars.at(step.var);
    step.host = v.host;
    v.pending = false;
    v.socket = findVerb(Context::Agent, v.verb)->assignsSocket();
  }

  // --- directives: VERB [HOST] ARGS...

  void directive(const LineTokens& line, Step& step) {
    step.kind = Step::Kind::Directive;
    const VerbSpec& spec = verbAt(line, 0, Context::Directive, step);
    if (spec.startsServer()) return startDirective(line, step, spec);
    StepParts parts = split(line, 1, spec, step);
    if (parts.arrow) line.failAt(*parts.arrow, "'=>' is only for agent steps and await", spec.usage);
    if (parts.amp) line.failAt(*parts.amp, "'&' is only for agent steps", spec.usage);
    rejectAfter(line, step, parts, fmt::format("'{}' takes 'within DUR' only", step.verb));
    matchPattern(spec, line, 1, parts.argsEnd, step, state_);
    if (spec.needsServer()) requireServer(line, 1, step.host);
    if (spec.wire()) checkWireHosts(line, step, spec);
    trackWireLinks(line, step);
    if ((spec.traits & kMarks) && !state_.marks.emplace(step.args[0].text, step.pos.line).second)
      line.failAt(1, fmt::format("mark '{}' is already set at line {}", step.args[0].text,
                                 state_.marks.at(step.args[0].text)));
  }

  // `reboot HOST` gives HOST a new link: wire rules hold the old interface index, and a
  // tbf or MTU goes with the old link. Rather than a run whose rules silently stop
  // matching, a reboot of a host with live wire rules (since the last `clear`) is refused.
  void trackWireLinks(const LineTokens& line, const Step& step) {
    const VerbSpec* spec = findVerb(Context::Directive, step.verb);
    if (step.verb == "clear") state_.wireOn.clear();
    if (step.verb == "reboot") {
      auto it = state_.wireOn.find(step.host);
      if (it != state_.wireOn.end())
        line.failAt(1, fmt::format("'reboot {}' would leave the wire rule of line {} on {}'s old link "
                                   "(its interface index, rate and mtu go with it): 'clear' first, "
                                   "or set the rule after the reboot", step.host, it->second, step.host));
    }
    if (!spec || !spec->wire()) return;
    if (!step.host.empty()) state_.wireOn.emplace(step.host, step.pos.line);
    for (const Arg& a : step.args)
      if (a.slot == "SRC" || a.slot == "DST") state_.wireOn.emplace(a.text, step.pos.line);
  }

  // A wire directive acts between two different declared hosts: "router" is the wire.
  void checkWireHosts(const LineTokens& line, const Step& step, const VerbSpec& spec) const {
    if (step.host == "router")
      line.failAt(1, "the wire's MTU is set toward a declared host, not 'router'", spec.usage);
    const Arg* src = nullptr;
    for (const Arg& a : step.args) {
      if (a.slot != "SRC" && a.slot != "DST") continue;
      if (a.text == "router")
        line.src.fail(a.pos.col, fmt::format("'router' is the wire itself: {} needs two declared hosts", step.verb),
                      spec.usage);
      if (src && a.text == src->text)
        line.src.fail(a.pos.col, fmt::format("'{} > {}' is no direction: SRC and DST must differ", src->text, a.text),
                      spec.usage);
      src = &a;
    }
  }

  // "start" takes free program arguments: no '=>', '&' or timing is looked for.
  void startDirective(const LineTokens& line, Step& step, const VerbSpec& spec) {
    matchPattern(spec, line, 1, line.tokens.size(), step, state_);
    state_.started.emplace(step.host, step.pos.line);
  }

  void finish(int lastLine) {
    closeAwaitGroup();
    Scenario& s = state_.scenario;
    s.file = std::string(file_);
    std::filesystem::path path(std::string{file_});
    if (s.name.empty()) s.name = path.stem().string();
    if (s.group.empty()) {
      std::string parent = path.parent_path().filename().string();
      s.group = parent.empty() || parent == "scenarios" || parent == "." ? "misc" : parent;
    }
    for (const auto& [name, v] : state_.vars)
      if (v.pending) failOnLine(v.line, fmt::format("background call '{}' is never awaited (add 'await {} => ...')", name, name));
    if (s.steps.empty()) failOnLine(lastLine, "no steps: a scenario needs at least one step");
    for (const Step& st : s.steps) checkWithinTimeout(st, s.timeout);
    if (talksProtocol(s) && std::find(s.needs.begin(), s.needs.end(), kRepliesTrait) == s.needs.end())
      s.needs.emplace_back(kRepliesTrait);
  }

  // Writes $request or expects $reply: the profile's request and reply stand in for data.
  static bool talksProtocol(const Scenario& s) {
    for (const Step& st : s.steps) {
      if (st.expect && st.expect->reply) return true;
      for (const Arg& a : st.args)
        if (a.slot == "DATA" && a.kind == Arg::Kind::Word && a.text == "$request") return true;
    }
    return false;
  }

  // The scenario's timeout bounds every single wait in it too: a step that may wait longer
  // could only end in "scenario timeout reached" (wire delays excepted: a packet may be
  // held past the end).
  void checkWithinTimeout(const Step& st, double timeout) const {
    auto check = [&](double seconds, SourcePos pos) {
      if (seconds > timeout)
        failAt(pos, fmt::format("{} is longer than the scenario's timeout {} (raise it with 'timeout DUR')",
                                formatDuration(seconds), formatDuration(timeout)));
    };
    if (st.within) check(*st.within, st.withinPos);
    if (st.after) check(*st.after, st.afterPos);
    if (st.verb == "delay") return;
    for (const Arg& a : st.args)
      if (a.kind == Arg::Kind::Duration) check(a.seconds, a.pos);
    if (st.expect && st.expect->blockedFor) check(*st.expect->blockedFor, st.expect->pos);
  }

  // An error found after the whole file is read, pointing at the start of line `number`.
  [[noreturn]] void failOnLine(int number, std::string message, int col = 0) const {
    std::string_view raw = lineText(number);
    size_t indent = raw.find_first_not_of(" \t");
    if (col == 0) col = indent == std::string_view::npos ? 1 : static_cast<int>(indent) + 1;
    SourceLine{file_, raw, number}.fail(col, std::move(message));
  }
  [[noreturn]] void failAt(SourcePos pos, std::string message) const {
    SourceLine{file_, lineText(pos.line), pos.line}.fail(pos.col, std::move(message));
  }
  std::string_view lineText(int number) const {
    size_t start = 0;
    for (int n = 1; n < number; ++n) start = text_.find('\n', start) + 1;
    std::string_view raw = text_.substr(std::min(start, text_.size()));
    raw = raw.substr(0, raw.find('\n'));
    if (raw.ends_with('\r')) raw.remove_suffix(1);
    return raw;
  }

  struct AwaitGroup {
    std::string var;  // "" while no group is open
    SourcePos pos;    // of its first await
    std::vector<KernelCondition> guards;
  };

  std::string_view text_;
  std::string_view file_;
  ParseState state_;
  AwaitGroup group_;
};

}  // namespace

bool ParseState::isHost(std::string_view name) const {
  return name == "router" || std::find(scenario.hosts.begin(), scenario.hosts.end(), name) != scenario.hosts.end();
}

std::string ParseState::hostList() const { return fmt::format("{}", fmt::join(scenario.hosts, " ")); }

int LineTokens::colAt(size_t i) const { return i < tokens.size() ? tokens[i].pos.col : endCol + 1; }

void LineTokens::failAt(size_t i, std::string message, std::string_view expected) const {
  src.fail(colAt(i), std::move(message), expected);
}

std::string verbList(Context context) {
  std::string out;
  for (const VerbSpec& v : verbs())
    if (v.context == context) out += (out.empty() ? "" : " ") + std::string(v.verb);
  return out;
}

Scenario parseScenario(std::string_view text, std::string_view fileName) {
  return Parser(text, fileName).run();
}

}  // namespace tcpfault::scenario
