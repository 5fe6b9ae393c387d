// Regression gating for a suite run: which baseline, whether it is
// comparable with this run, and what each case is held to.
#ifndef SERVEBENCH_SUITES_GATING_H_
#define SERVEBENCH_SUITES_GATING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/baseline.h"
#include "bench/case_runner.h"
#include "bench/result.h"
#include "matchers/regression_matchers.h"

namespace servebench {

// BENCH_BASELINE (or the suite's default) to a file: an existing path as
// given, else baselines/NAME.toml or baselines/NAME shipped with the suite.
// The error lists the shipped baselines.
Result<std::string> ResolveBaseline(const std::string& name_or_path);

// What this run is, for the seed's apples-to-apples rule.
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

// A case's figures (means and samples of the per-case metrics) plus the
// server's memory facts, in the matcher's terms.
CaseMeasurement MeasurementOf(const CaseOutcome& outcome,
                              const std::map<Metric, double>& memory);

// What the case is held to: the baseline case's figures and the server's
// memory figures, with their tolerances.
BaselineExpectation ExpectationFor(const Baseline& baseline,
                                   const BaselineCase& baseline_case,
                                   bool inconclusive_fails);

}  // namespace servebench

#endif  // SERVEBENCH_SUITES_GATING_H_
