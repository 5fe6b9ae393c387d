// Differences between a run's context and a baseline's, one sentence each.
#include "bench/gating/apples_to_apples.h"

#include <cmath>

#include "bench/base/text_format.h"

namespace servebench {

std::vector<std::string> ContextMismatches(const RunIdentity& run,
                                           const BaselineContext& baseline) {
  std::vector<std::string> out;
  if (baseline.max_model_len && *baseline.max_model_len != run.max_model_len) {
    out.push_back("max_model_len " + std::to_string(run.max_model_len) +
                  " (this run, " + run.max_model_len_source + ") vs " +
                  std::to_string(*baseline.max_model_len) + " (baseline)");
  }
  if (baseline.gpu_memory_utilization && run.gpu_memory_utilization &&
      std::fabs(*baseline.gpu_memory_utilization -
                *run.gpu_memory_utilization) > 1e-6) {
    out.push_back("gpu_memory_utilization " +
                  Compact(*run.gpu_memory_utilization) + " (this run) vs " +
                  Compact(*baseline.gpu_memory_utilization) + " (baseline)");
  }
  if (!baseline.suite.empty() && !run.suite.empty() &&
      baseline.suite != run.suite) {
    out.push_back("suite " + run.suite + " (this run) vs " + baseline.suite +
                  " (baseline)");
  }
  return out;
}

}  // namespace servebench
