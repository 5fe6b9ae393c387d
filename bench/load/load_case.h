// One pair of a suite under load: its prompts prepared once (calibrated to
// ISL, shared prefixes and conversations as load_spec.h declares them),
// then levels run through the load driver (a closed loop of N streams, or
// an open loop at a request rate), each with its figures, its SLO goodput,
// its cache figures and its verdict on the work done and on the client.
#ifndef SERVEBENCH_BENCH_LOAD_LOAD_CASE_H_
#define SERVEBENCH_BENCH_LOAD_LOAD_CASE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bench/base/result.h"
#include "bench/config/settings.h"
#include "bench/config/suite_spec.h"
#include "bench/load/cache_figures.h"
#include "bench/load/load_driver.h"
#include "bench/load/slo_figures.h"
#include "bench/prompts/prompt_calibrator.h"
#include "bench/prompts/prompt_synthesizer.h"
#include "bench/prompts/workload_prompts.h"
#include "bench/protocol/request_body.h"
#include "bench/runner/case_runner.h"

namespace servebench {

using ProgressFn = std::function<void(const std::string&)>;

struct LoadCaseConfig {
  const Settings* settings = nullptr;
  std::string model;
  RequestOptions request_options;
  int warmup_runs = 2;  // closed loop: per stream
  int runs = 3;         // closed loop: per stream
  // The work checks (case_runner.h's CheckWork) on every measured request:
  // ISL on first turns, OSL on all, and, without a shared workload, at most
  // half the prompt from the prefix cache.
  double isl_tolerance = 0;
  bool allow_short_outputs = false;
  // Counts a prompt as the server does, to calibrate a shared-prefix prompt
  // whole; null: not checked.
  TokenCounter counter;
};

// How one level runs.
struct LevelPlan {
  bool open_loop = false;
  int streams = 1;  // closed: in flight; open: the most in flight
  // Closed loop: requests in all, and the first completions that are
  // warm-up.
  int requests = 0;
  int warmup_requests = 0;
  // Open loop: when each conversation is due, and the warm-up's length.
  std::vector<double> offsets_s;
  double warmup_s = 0;
  double offered_rps = 0;  // open loop: the target rate

  // "8 streams, 40 requests (8 warm-up)" / "4 req/s poisson, 120 requests".
  std::string Describe(int turns) const;
};

// Closed loop of the case's concurrency (or `streams` when > 0): warm-up
// and measured conversations per stream from the config.
LevelPlan ClosedPlan(const CaseSpec& spec, const LoadCaseConfig& config,
                     int streams = 0);
// Open loop at `rate`: the case's arrivals and length; `arrivals` replaces
// the case's when given.
Result<LevelPlan> RatePlan(const CaseSpec& spec, double rate,
                           std::optional<Arrivals> arrivals = std::nullopt);

// A case's prompts, prepared once for all its levels.
struct PreparedPrompts {
  WorkloadShape shape;
  int64_t own_filler_words = 0;
  std::optional<int64_t> calibrated_tokens;
  std::string calibration_method = "none";
};

Result<PreparedPrompts> PreparePrompts(const CaseSpec& spec,
                                       const LoadCaseConfig& config,
                                       PromptSynthesizer& prompts,
                                       PromptCalibrator* calibrator);

struct LevelOutcome {
  LevelPlan plan;
  LoadResult load;
  std::optional<SloFigures> slo;
  std::optional<CacheFigures> cache;
  // The first failed measured request, a request that did not do the
  // case's work, or the client's own overload.
  std::optional<std::string> failure;
  bool client_invalid = false;  // the failure is the client's
};

// Runs one level. Fails only when the level cannot start.
Result<LevelOutcome> RunLevel(const CaseSpec& spec, const LevelPlan& plan,
                              const LoadCaseConfig& config,
                              const PreparedPrompts& prepared,
                              PromptSynthesizer& prompts,
                              const ProgressFn& progress);

// The level's measured successful requests as a case's samples (for the
// results JSON's runs[] and the per-case summaries).
CaseOutcome AsCaseOutcome(const CaseSpec& spec, const LevelOutcome& level,
                          const PreparedPrompts& prepared, int warmup_runs);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_LOAD_LOAD_CASE_H_
