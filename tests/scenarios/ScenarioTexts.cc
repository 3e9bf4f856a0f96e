#include "ScenarioTexts.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace tcpfault::scenario::test {
namespace {

const std::filesystem::path kScenarioDir = std::filesystem::path(TCPFAULT_SOURCE_DIR) / "scenarios";

std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The bodies of the ```scn fenced blocks.
std::vector<std::string> scnBlocks(const std::string& markdown) {
  std::vector<std::string> blocks;
  const std::string open = "```scn\n", close = "```";
  for (size_t at = markdown.find(open); at != std::string::npos; at = markdown.find(open, at)) {
    size_t body = at + open.size();
    size_t end = markdown.find(close, body);
    if (end == std::string::npos) break;
    blocks.push_back(markdown.substr(body, end - body));
    at = end + close.size();
  }
  return blocks;
}

}  // namespace

std::vector<ScenarioText> shippedScenarioTexts() {
  std::vector<ScenarioText> out;
  auto blocks = scnBlocks(readFile(kScenarioDir / "README.md"));
  for (size_t i = 0; i < blocks.size(); ++i)
    out.push_back({"README.md block " + std::to_string(i + 1), blocks[i]});
  for (const auto& entry : std::filesystem::recursive_directory_iterator(kScenarioDir))
    if (entry.path().extension() == ".scn")
      out.push_back({std::filesystem::relative(entry.path(), kScenarioDir.parent_path()).string(),
                     readFile(entry.path())});
  return out;
}

}  // namespace tcpfault::scenario::test
