#include "scenarios/runner/agent/AgentProtocol.h"

#include <charconv>

#include <fmt/format.h>

namespace tcpfault::scenario {
namespace {

std::vector<std::string_view> splitSpaces(std::string_view line) {
  std::vector<std::string_view> out;
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  size_t start = 0;
  while (start <= line.size()) {
    size_t sp = line.find(' ', start);
    if (sp == std::string_view::npos) sp = line.size();
    out.push_back(line.substr(start, sp - start));
    start = sp + 1;
  }
  return out;
}

template <typename T>
bool parseNum(std::string_view s, T& v) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size();
}

// "-" stands for an empty token, so that splitting never loses a field.
std::string tok(std::string_view raw) { return raw.empty() ? "-" : percentEncode(raw); }
std::optional<std::string> untok(std::string_view enc) {
  if (enc == "-") return std::string();
  return percentDecode(enc);
}

}  // namespace

std::string percentEncode(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (unsigned char c : raw) {
    if (c <= 0x20 || c >= 0x7f || c == '%' || (c == '-' && raw.size() == 1))
      out += fmt::format("%{:02X}", c);
    else
      out += static_cast<char>(c);
  }
  return out;
}

std::optional<std::string> percentDecode(std::string_view enc) {
  std::string out;
  out.reserve(enc.size());
  for (size_t i = 0; i < enc.size(); ++i) {
    if (enc[i] != '%') {
      out += enc[i];
      continue;
    }
    unsigned v = 0;
    if (i + 2 >= enc.size()) return std::nullopt;
    auto [p, ec] = std::from_chars(enc.data() + i + 1, enc.data() + i + 3, v, 16);
    if (ec != std::errc() || p != enc.data() + i + 3) return std::nullopt;
    out += static_cast<char>(v);
    i += 2;
  }
  return out;
}

std::string encodeRequest(const AgentRequest& r) {
  std::string line = fmt::format("{} {} {} {}", r.id, r.background ? "b" : "f", tok(r.verb),
                                 tok(r.var));
  for (const auto& a : r.args.tokens()) line += " " + tok(a);
  return line + "\n";
}

std::optional<AgentRequest> decodeRequest(std::string_view line) {
  auto f = splitSpaces(line);
  if (f.size() < 4) return std::nullopt;
  AgentRequest r;
  if (!parseNum(f[0], r.id) || (f[1] != "b" && f[1] != "f")) return std::nullopt;
  r.background = f[1] == "b";
  auto verb = untok(f[2]);
  auto var = untok(f[3]);
  if (!verb || !var) return std::nullopt;
  r.verb = *verb;
  r.var = *var;
  for (size_t i = 4; i < f.size(); ++i) {
    auto a = untok(f[i]);
    if (!a) return std::nullopt;
    r.args.addToken(*a);
  }
  return r;
}

std::string encodeReply(const AgentReply& r) {
  std::string caught;
  for (int s : r.caught) caught += (caught.empty() ? "" : ",") + std::to_string(s);
  return fmt::format("{} {} {} {} {} {} {}\n", r.id, r.ret, r.err, tok(r.data),
                     caught.empty() ? "-" : caught, r.elapsedNs, r.blocked ? "blocked" : "-");
}

std::optional<AgentReply> decodeReply(std::string_view line) {
  auto f = splitSpaces(line);
  if (f.size() != 7 || (f[6] != "-" && f[6] != "blocked")) return std::nullopt;
  AgentReply r;
  if (!parseNum(f[0], r.id) || !parseNum(f[1], r.ret) || !parseNum(f[2], r.err) ||
      !parseNum(f[5], r.elapsedNs))
    return std::nullopt;
  auto data = untok(f[3]);
  if (!data) return std::nullopt;
  r.data = *data;
  r.blocked = f[6] == "blocked";
  if (f[4] != "-") {
    std::string_view rest = f[4];
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      int sig = 0;
      if (!parseNum(rest.substr(0, comma), sig)) return std::nullopt;
      r.caught.push_back(sig);
      rest = comma == std::string_view::npos ? "" : rest.substr(comma + 1);
    }
  }
  return r;
}

}  // namespace tcpfault::scenario
