// Finds files shipped with a suite binary (its Bazel runfiles), whether it
// runs under `bazel test`, `bazel run` or straight from bazel-bin.
#ifndef SERVEBENCH_SUITES_RUNFILES_H_
#define SERVEBENCH_SUITES_RUNFILES_H_

#include <string>

#include "bench/base/result.h"

namespace servebench {

// `path` relative to the workspace root, e.g. "tools/sim_server".
Result<std::string> Runfile(const std::string& path);

}  // namespace servebench

#endif  // SERVEBENCH_SUITES_RUNFILES_H_
