// Finding the files the report tool is given: input paths relative to where
// `bazel run` was started, and baselines by name or path.
#ifndef SERVEBENCH_TOOLS_REPORT_BASELINE_LOOKUP_H_
#define SERVEBENCH_TOOLS_REPORT_BASELINE_LOOKUP_H_

#include <string>

#include "bench/base/result.h"

namespace servebench::report {

// `path` as given when absolute or when `working_dir` is empty, else joined
// to it (under `bazel run` the tool starts in its runfiles, and
// BUILD_WORKING_DIRECTORY is where the user typed the command).
std::string ResolveInput(const std::string& path,
                         const std::string& working_dir);

// A baseline named on the command line: `name_or_path` resolved with
// ResolveInput if that file exists, else <workspace>/baselines/NAME.toml,
// else <workspace>/baselines/NAME. Fails listing the baselines/*.toml found,
// or saying that there is no baselines/ folder.
Result<std::string> ResolveBaseline(const std::string& name_or_path,
                                    const std::string& working_dir,
                                    const std::string& workspace_dir);

}  // namespace servebench::report

#endif  // SERVEBENCH_TOOLS_REPORT_BASELINE_LOOKUP_H_
