// Where a tool's file arguments point when it runs under `bazel run`.
//
// `bazel run` starts the binary in its runfiles tree, so a relative path the
// user typed means nothing there: Bazel passes the shell's directory as
// BUILD_WORKING_DIRECTORY and the workspace root as BUILD_WORKSPACE_DIRECTORY.
#ifndef SERVEBENCH_BENCH_BASE_RUN_PATHS_H_
#define SERVEBENCH_BENCH_BASE_RUN_PATHS_H_

#include <string>

namespace servebench {

struct RunDirectories {
  std::string working_directory;    // BUILD_WORKING_DIRECTORY, may be empty
  std::string workspace_directory;  // BUILD_WORKSPACE_DIRECTORY, may be empty

  static RunDirectories FromEnvironment();
};

// A file path as typed: absolute paths unchanged, relative ones joined to the
// working directory when there is one.
std::string ResolveInputPath(const std::string& path,
                             const RunDirectories& dirs);

// A baseline NAME (no '/' and no ".toml", e.g. "v22_marlin") means
// WORKSPACE/baselines/NAME.toml (baselines/NAME.toml from the current
// directory outside `bazel run`); anything else is a path (ResolveInputPath).
std::string ResolveBaselinePath(const std::string& name_or_path,
                                const RunDirectories& dirs);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_BASE_RUN_PATHS_H_
