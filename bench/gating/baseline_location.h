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

// The same for a run of suite `suite`: a bare NAME resolves first to
// baselines/NAME.SUITE.toml when one is shipped (e.g. sim.load.toml for the
// load suite, whose levels the core suite's sim.toml does not hold), then
// as above. Paths are used as given.
Result<std::string> ResolveSuiteBaseline(const std::string& name_or_path,
                                         const std::string& suite);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_GATING_BASELINE_LOCATION_H_
