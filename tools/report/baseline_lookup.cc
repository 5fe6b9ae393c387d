// Baseline-name resolution.
#include "tools/report/baseline_lookup.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <vector>

namespace servebench::report {
namespace fs = std::filesystem;

namespace {

bool IsFile(const fs::path& path) {
  std::error_code error;
  return fs::is_regular_file(path, error);
}

}  // namespace

Result<std::string> ResolveBaseline(const std::string& name_or_path,
                                    const RunDirectories& dirs) {
  const std::string as_path = ResolveInputPath(name_or_path, dirs);
  const std::string& workspace_dir = dirs.workspace_directory;
  if (IsFile(as_path)) return as_path;
  const fs::path folder =
      (workspace_dir.empty() ? fs::path(".") : fs::path(workspace_dir)) /
      "baselines";
  for (const fs::path& candidate :
       {folder / (name_or_path + ".toml"), folder / name_or_path}) {
    if (IsFile(candidate)) return candidate.string();
  }
  std::string message = "unknown baseline \"" + name_or_path + "\": no file " +
                        as_path + ", " +
                        (folder / (name_or_path + ".toml")).string() + " or " +
                        (folder / name_or_path).string();
  std::error_code error;
  if (!fs::is_directory(folder, error)) {
    return Error{message + "; there is no baselines folder at " +
                 folder.string()};
  }
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    if (entry.path().extension() == ".toml") {
      names.push_back(entry.path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  if (names.empty()) {
    return Error{message + "; " + folder.string() + " has no .toml files"};
  }
  std::string list;
  for (const std::string& name : names)
    list += (list.empty() ? "" : ", ") + name;
  return Error{message + "; available in " + folder.string() + ": " + list};
}

}  // namespace servebench::report
