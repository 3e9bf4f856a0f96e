// A fresh folder under $TMPDIR (or /tmp), removed with everything in it when destroyed:
// a profile's {dir}, where a real server's config, pid and log files go.
#pragma once

#include <string>

namespace tcpfault::scenario {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix);  // throws with the errno name on failure
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace tcpfault::scenario
