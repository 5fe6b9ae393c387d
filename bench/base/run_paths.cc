// Resolving file arguments against Bazel's run directories.
#include "bench/base/run_paths.h"

#include <cstdlib>

namespace servebench {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string Join(const std::string& directory, const std::string& path) {
  if (directory.empty()) return path;
  return EndsWith(directory, "/") ? directory + path : directory + "/" + path;
}

}  // namespace

RunDirectories RunDirectories::FromEnvironment() {
  return RunDirectories{Env("BUILD_WORKING_DIRECTORY"),
                        Env("BUILD_WORKSPACE_DIRECTORY")};
}

std::string ResolveInputPath(const std::string& path,
                             const RunDirectories& dirs) {
  if (path.empty() || path.front() == '/') return path;
  return Join(dirs.working_directory, path);
}

std::string ResolveBaselinePath(const std::string& name_or_path,
                                const RunDirectories& dirs) {
  const bool is_name = !name_or_path.empty() &&
                       name_or_path.find('/') == std::string::npos &&
                       !EndsWith(name_or_path, ".toml");
  if (!is_name) return ResolveInputPath(name_or_path, dirs);
  return Join(dirs.workspace_directory, "baselines/" + name_or_path + ".toml");
}

}  // namespace servebench
