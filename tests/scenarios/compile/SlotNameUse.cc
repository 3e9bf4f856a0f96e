// Compiled, not run: tests/scenarios/CMakeLists.txt builds it once as written (it must
// compile) and once with each of the defines below (each must not).
#include "scenarios/runner/lang/SlotName.h"

namespace tcpfault::scenario {

const Arg* use(const Step& s) {
#if defined(TCPFAULT_WRONG_VERB_SLOT)
  return slotArg(s, SlotIn<Context::Directive, "drop">("seed"));  // loss's, not drop's
#elif defined(TCPFAULT_WRONG_KEYWORD)
  return slotArg(s, SlotIn<Context::Directive, "drop">("cuont"));
#elif defined(TCPFAULT_WRONG_CONTEXT)
  return slotArg(s, SlotIn<Context::Agent, "drop">("count"));  // drop is a directive
#elif defined(TCPFAULT_NOT_IN_EVERY_VERB)
  return slotArg(s, SlotIn<Context::Directive, "drop", "loss">("count"));
#else
  return slotArg(s, SlotIn<Context::Directive, "drop", "delay">("count"));
#endif
}

}  // namespace tcpfault::scenario
