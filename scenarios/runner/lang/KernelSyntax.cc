#include "scenarios/runner/lang/KernelSyntax.h"

#include <fmt/format.h>

namespace tcpfault::scenario {
namespace {

constexpr std::string_view kUsage = "kernel >=|>|<=|< VERSION (e.g. kernel >= 6.13, kernel < 6.1.90)";

std::optional<KernelCondition::Op> operatorOf(const Token& t) {
  using Op = KernelCondition::Op;
  if (t.kind == Token::Kind::Greater) return Op::Greater;
  if (t.kind != Token::Kind::Word) return std::nullopt;
  if (t.text == ">=") return Op::GreaterEqual;
  if (t.text == "<=") return Op::LessEqual;
  if (t.text == "<") return Op::Less;
  return std::nullopt;
}

}  // namespace

KernelCondition parseKernelCondition(const LineTokens& line, size_t at, size_t& end) {
  const auto& toks = line.tokens;
  if (at >= toks.size() || !toks[at].isWord("kernel")) line.failAt(at, "expected 'kernel'", kUsage);
  KernelCondition c;
  c.line = line.src.number;
  if (at + 1 >= toks.size()) line.failAt(at + 1, "missing comparison after 'kernel'", kUsage);
  auto op = operatorOf(toks[at + 1]);
  if (!op)
    line.failAt(at + 1, fmt::format("'{}' is not a comparison (one of {})", describe(toks[at + 1]), kernelOperators()),
                kUsage);
  c.op = *op;
  if (at + 2 >= toks.size()) line.failAt(at + 2, "missing kernel version, e.g. 6.13", kUsage);
  const Token& v = toks[at + 2];
  auto version = v.kind == Token::Kind::String ? std::nullopt : parseKernelVersion(v.text);
  if (!version)
    line.failAt(at + 2, fmt::format("'{}' is not a kernel version (MAJOR.MINOR or MAJOR.MINOR.PATCH, e.g. 6.13)",
                                    describe(v)), kUsage);
  c.version = *version;
  end = at + 3;
  return c;
}

void parseKernelLine(const LineTokens& line, ParseState& state) {
  size_t end = 0;
  KernelCondition c = parseKernelCondition(line, 0, end);
  if (end < line.tokens.size())
    line.failAt(end, "one condition per 'kernel' line (several lines must all hold)", kUsage);
  state.scenario.kernels.push_back(std::move(c));
}

}  // namespace tcpfault::scenario
