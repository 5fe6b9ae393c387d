// Baseline names to files: a path, or one shipped in baselines/.
#include "bench/gating/baseline_location.h"

#include <filesystem>

#include "bench/base/runfiles.h"

namespace servebench {

Result<std::string> ResolveBaseline(const std::string& name_or_path) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(name_or_path, ec)) return name_or_path;
  for (const std::string& candidate :
       {"baselines/" + name_or_path + ".toml", "baselines/" + name_or_path}) {
    if (auto path = Runfile(candidate); path.ok()) return *path;
  }
  std::string shipped;
  if (auto folder = Runfile("baselines/sim.toml"); folder.ok()) {
    for (const auto& entry : std::filesystem::directory_iterator(
             std::filesystem::path(*folder).parent_path(), ec)) {
      if (entry.path().extension() == ".toml") {
        shipped += (shipped.empty() ? "" : ", ") + entry.path().stem().string();
      }
    }
  }
  return Error{
      "BENCH_BASELINE=" + name_or_path +
      " is neither a file nor a baseline in baselines/" +
      (shipped.empty() ? std::string() : " (shipped: " + shipped + ")") +
      "; use an absolute path for your own baseline files"};
}

Result<std::string> ResolveSuiteBaseline(const std::string& name_or_path,
                                         const std::string& suite) {
  std::error_code ec;
  const bool bare_name =
      !name_or_path.empty() && !suite.empty() &&
      name_or_path.find('/') == std::string::npos &&
      !std::filesystem::is_regular_file(name_or_path, ec);
  if (bare_name) {
    if (auto path = Runfile("baselines/" + name_or_path + "." + suite + ".toml");
        path.ok()) {
      return *path;
    }
  }
  return ResolveBaseline(name_or_path);
}

}  // namespace servebench
