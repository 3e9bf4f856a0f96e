// A pattern slot's name ("SRC", "count"), checked when the handler that reads it compiles:
// the name must be a slot of every verb row it is read for (runner/lang/VerbTable.h).
// Handlers find their arguments by slot (Arg::slot); a name no row has finds nothing, and
// the handler would dereference nullptr at the first step that runs it. Renaming a slot in
// a row now breaks the build of every handler still using the old name.
//
//   using DropSlot = SlotIn<Context::Directive, "drop", "duplicate">;
//   const Arg* count = slotArg(step, DropSlot("count"));   // "cuont" does not compile
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>

#include "scenarios/runner/lang/Scenario.h"
#include "scenarios/runner/lang/VerbTable.h"

namespace tcpfault::scenario {

// A string literal as a template argument: the verb in SlotIn<Context::Expect, "fds">.
template <std::size_t N>
struct VerbWord {
  char text[N]{};
  consteval VerbWord(const char (&s)[N]) { std::copy_n(s, N, text); }
  constexpr std::string_view view() const { return {text, N - 1}; }
};

// Whether PATTERN names an arg SLOT, as Pattern.cc names them: a placeholder outside a
// keyword group ("SRC", the "CMP" of "[CMP] N", "N?" without its mark), or the keyword
// heading a group (every arg of "[count CMP? N]" is named "count").
constexpr bool patternHasSlot(std::string_view pattern, std::string_view slot) {
  bool inGroup = false, keywordGroup = false;
  size_t i = 0;
  while (i < pattern.size()) {
    size_t j = pattern.find(' ', i);
    if (j == std::string_view::npos) j = pattern.size();
    std::string_view w = pattern.substr(i, j - i);
    i = j + 1;
    if (w.empty()) continue;
    bool opens = w.starts_with('['), closes = w.ends_with(']');
    if (opens) w.remove_prefix(1);
    if (closes) w.remove_suffix(1);
    if (w.ends_with('?')) w.remove_suffix(1);
    bool placeholder = !w.empty() && w.front() >= 'A' && w.front() <= 'Z';
    if (opens) keywordGroup = !placeholder;
    bool named = placeholder ? !(inGroup || opens) || !keywordGroup : opens && keywordGroup;
    if (named && w == slot && w != "ARGS...") return true;
    inGroup = (inGroup || opens) && !closes;
  }
  return false;
}

// Whether the row of VERB in CONTEXT names SLOT (false when there is no such row). No
// pointer to a row is compared with null: GCC 12 under -fsanitize=undefined does not take
// that as a constant expression (the ASan build failed on it).
constexpr bool verbRowHasSlot(Context context, std::string_view verb, std::string_view slot) {
  for (const VerbSpec& v : kVerbs)
    if (v.context == context && v.verb == verb) return patternHasSlot(v.pattern, slot);
  return false;
}

// Not constexpr on purpose: a SlotIn whose check fails calls it during constant
// evaluation, and the compiler stops there, naming it.
void slot_is_not_in_every_named_verb_row();

// A checked slot name; only SlotIn makes one.
class SlotName {
 public:
  constexpr std::string_view text() const { return text_; }

 protected:
  constexpr explicit SlotName(std::string_view text) : text_(text) {}

 private:
  std::string_view text_;
};

// A slot of every listed verb of CONTEXT; with no verb, of some row of CONTEXT (the
// agent's argument encoding reads any agent verb's "DEST").
template <Context C, VerbWord... Verbs>
struct SlotIn : SlotName {
  consteval SlotIn(const char* slot) : SlotName(slot) {
    if (!holds(slot)) slot_is_not_in_every_named_verb_row();
  }

 private:
  static consteval bool holds(std::string_view slot) {
    if constexpr (sizeof...(Verbs) == 0) {
      return std::any_of(kVerbs.begin(), kVerbs.end(), [&](const VerbSpec& v) {
        return v.context == C && patternHasSlot(v.pattern, slot);
      });
    } else {
      auto has = [&](std::string_view verb) { return verbRowHasSlot(C, verb, slot); };
      return (has(Verbs.view()) && ...);
    }
  }
};

// A slot of some agent verb: the call encoding reads "DEST", "DATA", "SIGNAME" of any.
using AgentSlot = SlotIn<Context::Agent>;

// The arg that filled SLOT, or nullptr when the step left an optional slot out.
inline const Arg* slotArg(const Step& s, SlotName slot) {
  for (const Arg& a : s.args)
    if (a.slot == slot.text()) return &a;
  return nullptr;
}

// Whether ARG filled SLOT.
inline bool fills(const Arg& a, SlotName slot) { return a.slot == slot.text(); }

}  // namespace tcpfault::scenario
