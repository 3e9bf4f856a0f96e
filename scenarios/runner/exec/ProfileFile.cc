#include "scenarios/runner/exec/ProfileFile.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "netns/ErrnoName.h"
#include "scenarios/runner/lang/Lexer.h"
#include "scenarios/runner/lang/SourceLine.h"
#include "scenarios/runner/lang/Suggest.h"
#include "scenarios/runner/lang/Traits.h"

namespace tcpfault::scenario {
namespace {

using K = Token::Kind;

constexpr std::string_view kKeywords[] = {"profile", "traits", "start", "request", "reply"};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// {name} placeholders of a start command, each checked against startPlaceholders().
void checkStart(const SourceLine& src, size_t offset, std::string_view cmd) {
  if (cmd.empty()) src.fail(static_cast<int>(offset) + 1, "'start' needs a command", "start COMMAND with {port}");
  const auto& known = startPlaceholders();
  for (size_t at = cmd.find('{'); at != std::string_view::npos; at = cmd.find('{', at + 1)) {
    size_t end = cmd.find('}', at);
    int col = static_cast<int>(offset + at) + 1;
    if (end == std::string_view::npos) src.fail(col, "unclosed '{' in the start command");
    std::string name(cmd.substr(at + 1, end - at - 1));
    if (std::find(known.begin(), known.end(), name) == known.end())
      src.fail(col, fmt::format("unknown placeholder '{{{}}}'{}", name, didYouMean(name, known)),
               fmt::format("one of {{{}}}", fmt::join(known, "} {")));
  }
  if (cmd.find("{port}") == std::string_view::npos)
    src.fail(static_cast<int>(offset) + 1, "the start command never says {port}", "start COMMAND with {port}");
}

class ProfileParser {
 public:
  ProfileParser(std::string_view text, std::string_view file) : text_(text), file_(file) {}

  std::vector<ServerProfile> run() {
    int number = forEachLine(file_, text_, [this](const SourceLine& src) { line(src); });
    close(number);
    if (out_.empty()) SourceLine{file_, "", std::max(number, 1)}.fail(1, "no profile in the file", "profile NAME");
    return std::move(out_);
  }

 private:
  void line(const SourceLine& src) {
    std::string_view t = trim(src.text);
    if (t.empty() || t.front() == '#') return;
    size_t kwAt = src.text.find(t);
    size_t kwEnd = t.find_first_of(" \t");
    std::string_view kw = t.substr(0, kwEnd);
    if (std::find(std::begin(kKeywords), std::end(kKeywords), kw) == std::end(kKeywords))
      src.fail(static_cast<int>(kwAt) + 1, fmt::format("unknown keyword '{}'", kw),
               "profile, traits, start, request or reply");
    if (kw != "profile" && !current_) src.fail(static_cast<int>(kwAt) + 1, "a 'profile NAME' line comes first");
    if (kw == "start") {
      std::string_view rest = kwEnd == std::string_view::npos ? "" : trim(t.substr(kwEnd));
      size_t offset = rest.empty() ? kwAt + kw.size() + 1 : src.text.find(rest, kwAt + kw.size());
      checkStart(src, offset, rest);
      current_->start = std::string(rest);
      startLine_ = src.number;
      return;
    }
    LexedLine lexed = lexLine(src);
    const std::vector<Token>& tk = lexed.tokens;
    if (kw == "profile") return profile(src, tk);
    if (kw == "traits") return traits(src, tk);
    if (kw == "request") return request(src, tk);
    reply(src, tk);
  }

  static int colOf(const SourceLine& src, const std::vector<Token>& tk, size_t i) {
    return i < tk.size() ? tk[i].pos.col : static_cast<int>(src.text.size()) + 2;
  }

  void profile(const SourceLine& src, const std::vector<Token>& tk) {
    if (tk.size() != 2 || tk[1].kind != K::Word) src.fail(colOf(src, tk, 1), "'profile' takes one name", "profile NAME");
    close(src.number - 1);
    current_ = ServerProfile{};
    current_->name = tk[1].text;
    current_->origin = fmt::format("{}:{}", file_, src.number);
    current_->here = std::filesystem::absolute(std::filesystem::path(std::string(file_))).parent_path().string();
    startLine_ = 0;
    firstLine_ = src.number;
  }

  void traits(const SourceLine& src, const std::vector<Token>& tk) {
    if (tk.size() < 2) src.fail(colOf(src, tk, 1), "'traits' needs at least one trait", "traits TRAIT...");
    for (size_t i = 1; i < tk.size(); ++i) {
      if (tk[i].kind != K::Word || !isTrait(tk[i].text))
        src.fail(tk[i].pos.col, fmt::format("unknown trait '{}'{}", tk[i].text, didYouMean(tk[i].text, traitNames())),
                 fmt::format("one of {}", fmt::join(traitNames(), " ")));
      current_->traits.insert(tk[i].text);
    }
  }

  void request(const SourceLine& src, const std::vector<Token>& tk) {
    if (tk.size() != 2 || tk[1].kind != K::String || tk[1].text.empty())
      src.fail(colOf(src, tk, 1), "'request' takes one non-empty string", "request \"PING\\r\\n\"");
    current_->request = tk[1].text;
  }

  void reply(const SourceLine& src, const std::vector<Token>& tk) {
    constexpr std::string_view usage = "reply [exact|prefix|regex] \"TEXT\"";
    size_t i = 1;
    ReplySpec r;
    if (i < tk.size() && tk[i].kind == K::Word) {
      if (tk[i].text == "prefix") r.kind = ReplySpec::Kind::Prefix;
      else if (tk[i].text == "regex") r.kind = ReplySpec::Kind::Regex;
      else if (tk[i].text != "exact") src.fail(tk[i].pos.col, fmt::format("unknown match '{}'", tk[i].text), usage);
      ++i;
    }
    if (tk.size() != i + 1 || tk[i].kind != K::String || tk[i].text.empty())
      src.fail(colOf(src, tk, i), "'reply' needs one non-empty string", usage);
    r.text = tk[i].text;
    if (r.kind == ReplySpec::Kind::Regex) {
      try {
        std::regex check(r.text, std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        src.fail(tk[i].pos.col, fmt::format("bad regex: {}", e.what()), usage);
      }
    }
    current_->reply = r;
    hasReply_ = true;
  }

  // The profile so far is complete: a start command, request and reply together.
  void close(int lastLine) {
    if (!current_) return;
    SourceLine at{file_, "", firstLine_};
    if (current_->start.empty()) at.fail(1, fmt::format("profile '{}' has no 'start' line", current_->name));
    bool echo = current_->has("echo");
    if (echo && current_->request.empty() && !hasReply_) {
      current_->request = "ping\n";
      current_->reply = {ReplySpec::Kind::Exact, "ping\n"};
      hasReply_ = true;
    }
    if (current_->request.empty() != !hasReply_)
      at.fail(1, fmt::format("profile '{}' (to line {}) has a 'request' without a 'reply' or the other way "
                             "round", current_->name, lastLine));
    if (hasReply_) current_->traits.insert(std::string(kRepliesTrait));
    for (const auto& p : out_)
      if (p.name == current_->name) at.fail(1, fmt::format("duplicate profile '{}' (first at {})", p.name, p.origin));
    out_.push_back(std::move(*current_));
    current_.reset();
    hasReply_ = false;
  }

  std::string_view text_, file_;
  std::vector<ServerProfile> out_;
  std::optional<ServerProfile> current_;
  bool hasReply_ = false;
  int startLine_ = 0, firstLine_ = 0;
};

}  // namespace

std::vector<ServerProfile> parseProfiles(std::string_view text, std::string_view fileName) {
  return ProfileParser(text, fileName).run();
}

std::vector<ServerProfile> loadProfiles(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ParseError(path.string(), {}, errnoMessage("cannot read profile", errno), {});
  std::stringstream ss;
  ss << in.rdbuf();
  return parseProfiles(ss.str(), path.string());
}

}  // namespace tcpfault::scenario
