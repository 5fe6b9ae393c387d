// One ISL/OSL pair at a concurrency level above 1: a closed loop of N
// streams (bench/load) with calibrated, unique prompts, and what the suite
// records of it.
#ifndef SERVEBENCH_SUITES_CONCURRENCY_CASE_H_
#define SERVEBENCH_SUITES_CONCURRENCY_CASE_H_

#include <functional>
#include <string>

#include "bench/config/settings.h"
#include "bench/config/suite_spec.h"
#include "bench/load/closed_loop.h"
#include "bench/prompts/prompt_calibrator.h"
#include "bench/prompts/prompt_synthesizer.h"
#include "bench/protocol/request_body.h"
#include "bench/runner/case_runner.h"

namespace servebench {

struct ConcurrencyCaseConfig {
  const Settings* settings = nullptr;
  std::string model;
  RequestOptions request_options;
  int warmup_runs = 2;  // per stream: warm-up requests are N x this
  int runs = 3;         // per stream: measured requests are N x this
};

struct ConcurrencyOutcome {
  LoadResult load;
  // Measured requests that succeeded, as per-request figures (for the
  // results JSON's runs[] and the per-case summaries).
  CaseOutcome as_case;
  std::optional<std::string> failure;  // first failed request, or the client
};

ConcurrencyOutcome RunConcurrencyCase(
    const CaseSpec& spec, const ConcurrencyCaseConfig& config,
    PromptSynthesizer& prompts, PromptCalibrator* calibrator,
    const std::function<void(const std::string&)>& progress);

}  // namespace servebench

#endif  // SERVEBENCH_SUITES_CONCURRENCY_CASE_H_
