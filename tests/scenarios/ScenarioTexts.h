// The scenario texts shipped with the sources: every ```scn block of scenarios/README.md
// and every scenarios/**/*.scn. Tests parse them and fuzz from them.
#pragma once

#include <string>
#include <vector>

namespace tcpfault::scenario::test {

struct ScenarioText {
  std::string origin;  // "README.md block 1", "scenarios/rst/x.scn"
  std::string text;
};

std::vector<ScenarioText> shippedScenarioTexts();

}  // namespace tcpfault::scenario::test
