// Thrown inside a run when the user pressed Ctrl-C: unwinding tears the hosts down.
#pragma once

#include <stdexcept>

namespace tcpfault::scenario {

struct Cancelled : std::runtime_error {
  Cancelled() : std::runtime_error("cancelled (interrupted)") {}
};

}  // namespace tcpfault::scenario
