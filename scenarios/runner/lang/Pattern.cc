#include "scenarios/runner/lang/Pattern.h"

#include <algorithm>
#include <fmt/format.h>

#include "scenarios/runner/lang/Placeholder.h"

namespace tcpfault::scenario {
namespace {

// One element of a pattern: "VAR", "wr|rd|rdwr", ">", or an optional group "[timeout DUR]"
// (whose items may be marked '?': "[count CMP? N]").
struct Element {
  std::vector<std::string_view> items;
  bool optional = false;
  bool keyword() const { return !items.empty() && !isPlaceholder(items.front()); }
  static bool isPlaceholder(std::string_view item) { return item.front() >= 'A' && item.front() <= 'Z'; }
};

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find(' ', i);
    if (j == std::string_view::npos) j = text.size();
    if (j > i) out.push_back(text.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

std::vector<Element> elements(std::string_view pattern) {
  std::vector<Element> out;
  bool inGroup = false;
  for (std::string_view w : words(pattern)) {
    bool opens = w.starts_with('['), closes = w.ends_with(']');
    if (opens) w.remove_prefix(1);
    if (closes) w.remove_suffix(1);
    if (!inGroup) out.push_back(Element{{}, opens});
    out.back().items.push_back(w);
    inGroup = (inGroup || opens) && !closes;
  }
  return out;
}

bool isAlternative(std::string_view literal, std::string_view word) {
  size_t i = 0;
  while (i <= literal.size()) {
    size_t j = literal.find('|', i);
    if (j == std::string_view::npos) j = literal.size();
    if (literal.substr(i, j - i) == word) return true;
    i = j + 1;
  }
  return false;
}

class Matcher {
 public:
  Matcher(const VerbSpec& spec, const LineTokens& line, size_t begin, size_t end, Step& step,
          const ParseState& state)
      : spec_(spec), line_(line), i_(begin), end_(end), step_(step), state_(state) {}

  void run() {
    std::vector<Element> options;
    for (const Element& e : elements(spec_.pattern)) {
      if (!e.optional) matchItems(e);
      else if (!e.keyword() && i_ < end_ && fits(e.items.front())) matchItems(e);
      else if (e.keyword()) options.push_back(e);
    }
    matchOptions(options);
  }

 private:
  // A positional optional slot is taken only by a token of its kind: "read c 100".
  bool fits(std::string_view placeholder) const {
    const Token& t = line_.tokens[i_];
    auto k = t.kind;
    if (placeholder == "DUR") return k == Token::Kind::Duration;
    // "drop client > server SA count 1": any word but the row's keywords and a percentage.
    if (placeholder == "MATCH")
      return k == Token::Kind::Word && !isPatternKeyword(spec_.pattern, t.text) && !t.text.ends_with('%');
    if (placeholder == "CMP") return k == Token::Kind::Equals || t.text == ">=" || t.text == "<=";
    return k == Token::Kind::Number || k == Token::Kind::Size;
  }

  void matchItems(const Element& e) {
    group_ = e.optional && e.keyword() ? e.items.front() : std::string_view();
    for (std::string_view item : e.items) {
      // "[count CMP? N]": an item marked '?' is taken only by a token of its kind.
      if (item.ends_with('?')) {
        item.remove_suffix(1);
        if (i_ >= end_ || !fits(item)) continue;
      }
      matchItem(item);
    }
  }

  void matchItem(std::string_view item) {
    if (item == "ARGS...") return matchRest();
    if (i_ >= end_) missing(item);
    if (Element::isPlaceholder(item)) matchSlot(item);
    else matchLiteral(item);
    ++i_;
  }

  // A placeholder records its arg (SUBJECT records the step's host instead), named by slot.
  void matchSlot(std::string_view placeholder) {
    size_t before = step_.args.size();
    matchPlaceholder(placeholder, spec_, line_, i_, step_, state_);
    if (step_.args.size() > before) step_.args.back().slot = group_.empty() ? placeholder : group_;
  }

  void matchLiteral(std::string_view literal) {
    const Token& t = line_.tokens[i_];
    if (literal == ">") {
      if (t.kind != Token::Kind::Greater)
        line_.failAt(i_, fmt::format("expected '>' between the hosts, not '{}'", describe(t)), spec_.usage);
      return;
    }
    if (t.kind != Token::Kind::Word || !isAlternative(literal, t.text))
      line_.failAt(i_, fmt::format("expected {}, not '{}'", alternatives(literal), describe(t)),
                   spec_.usage);
    step_.args.push_back(toArg(t));
  }

  void matchRest() {
    for (; i_ < end_; ++i_) {
      const Token& t = line_.tokens[i_];
      if (t.kind == Token::Kind::Equals || t.kind == Token::Kind::Greater || t.kind == Token::Kind::Amp ||
          t.kind == Token::Kind::Arrow)
        line_.failAt(i_, fmt::format("unexpected '{}' in program arguments (quote it: \"{}\")", t.text, t.text),
                     spec_.usage);
      step_.args.push_back(toArg(t));
    }
  }

  void matchOptions(std::vector<Element>& options) {
    std::vector<std::string_view> used;
    while (i_ < end_) {
      const Token& t = line_.tokens[i_];
      auto it = std::find_if(options.begin(), options.end(), [&](const Element& e) {
        return t.kind == Token::Kind::Word && isAlternative(e.items.front(), t.text);
      });
      if (it == options.end())
        line_.failAt(i_, fmt::format("unexpected '{}' after '{}'", describe(t), argsSoFar()), spec_.usage);
      if (std::find(used.begin(), used.end(), it->items.front()) != used.end())
        line_.failAt(i_, fmt::format("'{}' given twice", t.text), spec_.usage);
      used.push_back(it->items.front());
      matchItems(*it);
    }
  }

  [[noreturn]] void missing(std::string_view item) const {
    std::string what = Element::isPlaceholder(item)
                           ? fmt::format("{} ({})", item == "SUBJECT" ? "HOST" : item, describePlaceholder(item))
                           : alternatives(item);
    std::string verb = spec_.context == Context::Expect ? "expect " + step_.host + " " + step_.verb : step_.verb;
    if (spec_.context == Context::Expect && step_.host == "wire") verb = "expect wire";
    line_.failAt(i_, fmt::format("'{}' needs {}", verb, what), spec_.usage);
  }

  static std::string alternatives(std::string_view literal) {
    std::string out;
    auto alts = std::string(literal);
    size_t i = 0, n = 0;
    while (i <= alts.size()) {
      size_t j = alts.find('|', i);
      if (j == std::string::npos) j = alts.size();
      out += (n++ ? (j == alts.size() ? " or '" : ", '") : "'") + alts.substr(i, j - i) + "'";
      i = j + 1;
    }
    return out;
  }

  std::string argsSoFar() const {
    std::string out = step_.verb;
    for (const Arg& a : step_.args) out += " " + (a.kind == Arg::Kind::String ? "\"...\"" : a.text);
    return out;
  }

  const VerbSpec& spec_;
  const LineTokens& line_;
  size_t i_, end_;
  Step& step_;
  const ParseState& state_;
  std::string_view group_;  // the keyword of the optional group being matched, if any
};

}  // namespace

void matchPattern(const VerbSpec& spec, const LineTokens& line, size_t begin, size_t end,
                  Step& step, const ParseState& state) {
  Matcher(spec, line, begin, end, step, state).run();
}

}  // namespace tcpfault::scenario
