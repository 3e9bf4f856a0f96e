// Deterministic fuzz smoke: random mutations of the shipped scenario texts must either
// parse or throw ParseError with a gcc-style message -- never crash, hang or throw
// anything else. The libFuzzer target (scenarios/runner/lang/ParserFuzz.cc) explores further.
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <regex>

#include "ScenarioTexts.h"
#include "scenarios/runner/lang/Scenario.h"

namespace tcpfault::scenario {
namespace {

constexpr int kMutations = 20000;
constexpr auto kTimeBudget = std::chrono::seconds(60);  // bound; a run takes about a second

// Bytes that matter to the lexer and parser, plus arbitrary ones.
const std::string kInteresting = std::string("\"\\=>&#\n\r\t :-.%$x0123456789KMsmu") + '\0' + "\xff\xc3";

class Mutator {
 public:
  explicit Mutator(std::vector<std::string> corpus) : corpus_(std::move(corpus)) {}

  std::string next() {
    std::string text = corpus_[pick(corpus_.size())];
    int edits = 1 + static_cast<int>(pick(4));
    for (int i = 0; i < edits; ++i) mutate(text);
    return text;
  }

 private:
  size_t pick(size_t n) { return n == 0 ? 0 : std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }

  char randomByte() {
    return pick(3) == 0 ? static_cast<char>(pick(256)) : kInteresting[pick(kInteresting.size())];
  }

  void mutate(std::string& t) {
    size_t at = pick(t.size() + 1);
    switch (pick(7)) {
      case 0: if (at < t.size()) t[at] = randomByte(); break;                    // replace
      case 1: t.insert(at, 1, randomByte()); break;                             // insert
      case 2: if (at < t.size()) t.erase(at, 1 + pick(8)); break;               // delete a run
      case 3: t.resize(at); break;                                              // truncate
      case 4: t.insert(at, t.substr(pick(t.size() + 1), pick(40))); break;      // duplicate a span
      case 5: t.insert(at, corpus_[pick(corpus_.size())].substr(0, pick(200))); break;  // splice
      case 6: t.insert(at, std::to_string(std::uniform_int_distribution<long long>()(rng_))); break;
    }
  }

  std::vector<std::string> corpus_;
  std::mt19937_64 rng_{20261123};  // fixed seed: failures reproduce
};

TEST(ParserFuzzSmoke, MutatedExamplesParseOrFailCleanly) {
  std::vector<std::string> corpus;
  for (const auto& t : test::shippedScenarioTexts()) corpus.push_back(t.text);
  ASSERT_FALSE(corpus.empty());
  Mutator mutator(corpus);
  const std::regex format(R"(^fuzz\.scn:\d+:\d+: error: [^\n]+\n(  [^\n]*\n  [ \t]*\^\n)?(  expected: [^\n]+\n)?$)");
  auto deadline = std::chrono::steady_clock::now() + kTimeBudget;
  int parsed = 0, rejected = 0;
  for (int i = 0; i < kMutations && std::chrono::steady_clock::now() < deadline; ++i) {
    std::string text = mutator.next();
    try {
      parseScenario(text, "fuzz.scn");
      ++parsed;
    } catch (const ParseError& e) {
      ++rejected;
      ASSERT_TRUE(std::regex_match(std::string(e.what()), format)) << "mutation " << i << ":\n" << e.what();
      ASSERT_GT(e.pos.line, 0) << e.what();
    } catch (const std::exception& e) {
      FAIL() << "mutation " << i << " threw " << typeid(e).name() << ": " << e.what() << "\ninput:\n" << text;
    }
  }
  EXPECT_EQ(parsed + rejected, kMutations) << "time budget ran out";
  EXPECT_GT(rejected, kMutations / 10) << "mutations too gentle to test error paths";
  EXPECT_GT(parsed, 0) << "mutations too harsh to reach the parser's later stages";
  std::cout << "parsed " << parsed << ", rejected " << rejected << "\n";
}

TEST(ParserFuzzSmoke, HostileInputs) {
  std::vector<std::string> inputs = {
      std::string(1 << 20, 'a'),
      std::string(1 << 20, '"'),
      std::string(1 << 20, '\n'),
      std::string(1 << 16, '\0'),
      "hosts a\nwait " + std::string(100000, '9') + "s\n",
      "hosts a\n" + std::string(100000, '-') + "\n",
      "hosts " + std::string(1 << 20, 'h') + "\n" + std::string(1 << 20, 'h') + " x\n",
  };
  for (const auto& in : inputs) {
    try {
      parseScenario(in, "hostile.scn");
    } catch (const ParseError& e) {
      EXPECT_LT(std::string(e.what()).size(), 2000u) << "message must stay readable";
    }
  }
}

}  // namespace
}  // namespace tcpfault::scenario
