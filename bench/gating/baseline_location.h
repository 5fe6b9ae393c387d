// Where a baseline named by BENCH_BASELINE (or a suite) lives.
#ifndef SERVEBENCH_BENCH_GATING_BASELINE_LOCATION_H_
#define SERVEBENCH_BENCH_GATING_BASELINE_LOCATION_H_

#include <string>

#include "bench/base/result.h"

namespace servebench {

// A name or path to a file: an existing path as given, else
// baselines/NAME.toml or baselines/NAME shipped with the binary (runfiles).
// The error lists the shipped baselines.
Result<std::string> ResolveBaseline(const std::string& name_or_path);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_GATING_BASELINE_LOCATION_H_
