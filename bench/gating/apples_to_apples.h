// The seed's first rule: compare only runs made under the same conditions.
#ifndef SERVEBENCH_BENCH_GATING_APPLES_TO_APPLES_H_
#define SERVEBENCH_BENCH_GATING_APPLES_TO_APPLES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/gating/baseline.h"

namespace servebench {

// What this run is, for the apples-to-apples rule.
struct RunIdentity {
  std::string suite;
  int64_t max_model_len = 0;
  std::string max_model_len_source;
  std::optional<double> gpu_memory_utilization;
};

// One sentence per key on which the run and the baseline disagree (where
// both are known): max_model_len, gpu_memory_utilization, suite.
std::vector<std::string> ContextMismatches(const RunIdentity& run,
                                           const BaselineContext& baseline);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_GATING_APPLES_TO_APPLES_H_
