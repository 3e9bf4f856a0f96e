#include "scenarios/runner/exec/TempDir.h"

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "netns/ErrnoName.h"

namespace tcpfault::scenario {

TempDir::TempDir(const std::string& prefix) {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/" + prefix + "-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (!::mkdtemp(buf.data())) throw std::runtime_error(errnoMessage("mkdtemp " + tmpl, errno));
  path_ = buf.data();
}

TempDir::~TempDir() {
  std::error_code ec;  // a server may still be writing its log: best effort
  std::filesystem::remove_all(path_, ec);
}

}  // namespace tcpfault::scenario
