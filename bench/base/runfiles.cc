// Runfiles lookup: TEST_SRCDIR, RUNFILES_DIR, then <binary>.runfiles.
#include "bench/base/runfiles.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace servebench {

Result<std::string> Runfile(const std::string& path) {
  namespace fs = std::filesystem;
  std::vector<std::string> roots;
  for (const char* var : {"TEST_SRCDIR", "RUNFILES_DIR"}) {
    if (const char* dir = std::getenv(var); dir != nullptr && *dir)
      roots.emplace_back(dir);
  }
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) roots.push_back(self.string() + ".runfiles");
  for (const auto& root : roots) {
    const fs::path candidate = fs::path(root) / "servebench" / path;
    if (fs::exists(candidate, ec)) return candidate.string();
  }
  if (fs::exists(path, ec)) return path;  // run from the workspace root
  std::string searched;
  for (const auto& root : roots) searched += " " + root;
  return Error{"cannot find " + path + " in the runfiles (searched:" +
               searched + "); run the suite with bazel test or bazel run"};
}

}  // namespace servebench
