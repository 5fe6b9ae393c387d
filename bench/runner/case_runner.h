// Runs one ISL/OSL case: warm-up requests, then measured requests, each with
// a fresh unique prompt, one request at a time.
//
// A measured request is never retried: a retry would change what was
// measured. The first failed request (warm-up or measured) ends the case;
// the samples measured before it are kept.
#ifndef SERVEBENCH_BENCH_CASE_RUNNER_H_
#define SERVEBENCH_BENCH_CASE_RUNNER_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bench/base/summary_stats.h"
#include "bench/config/suite_spec.h"
#include "bench/prompts/prompt_calibrator.h"
#include "bench/prompts/prompt_synthesizer.h"
#include "bench/protocol/request_body.h"
#include "bench/protocol/request_figures.h"
#include "bench/transport/http_client.h"

namespace servebench {

struct CaseOutcome {
  CaseSpec spec;
  int warmup_runs = 0;
  int runs = 0;                         // measured runs requested
  std::vector<RequestFigures> samples;  // one per measured run that succeeded
  std::optional<std::string> failure;   // why the case failed, if it did
  // How the prompt length was set: filler words, and what the server
  // counted for it during calibration (absent without calibration).
  int64_t filler_words = 0;
  std::optional<int64_t> calibrated_tokens;
  std::string calibration_method;  // "/tokenize", "probe requests" or "none"

  bool passed() const {
    return !failure && static_cast<int>(samples.size()) == runs;
  }
};

// Summaries of a case's samples under the fixed metric names.
struct CaseSummary {
  std::optional<SummaryStats> ttft_ms, tpot_ms, decode_tps, e2e_tps;
  std::optional<SummaryStats> ttfc_ms, role_lead_ms, tokens_per_chunk;
  std::optional<SummaryStats> prompt_tokens, completion_tokens, cached_tokens;
  // Over every token (or chunk) of every measured run: p50, p90, p99.
  std::optional<double> itl_p50, itl_p90, itl_p99;
  std::optional<double> chunk_itl_p50, chunk_itl_p90, chunk_itl_p99;
};
CaseSummary Summarize(const CaseOutcome& outcome);

struct CaseRunnerConfig {
  std::string base_url;  // e.g. http://localhost:8888
  std::string model;
  Endpoint endpoint = Endpoint::kChatCompletions;
  int warmup_runs = 2;
  int runs = 3;
  RequestOptions request_options;
  // Sets each case's prompt length; null: ISL words, uncalibrated.
  PromptCalibrator* calibrator = nullptr;
  // Allowed |prompt_tokens - ISL| / ISL of a measured request.
  double isl_tolerance = 0;
  // Fewer than OSL completion tokens fails the case unless allowed.
  bool allow_short_outputs = false;
  // A measured request with more of its prompt served from the server's
  // prefix cache than this fraction fails the case: its TTFT measured the
  // cache, not prefill.
  double max_cached_fraction = 0.5;
  // Called by Run just before a case's first measured request and just
  // after its last one (or the measured request that failed): the window
  // the server's and the GPUs' figures are read over. Warm-ups,
  // calibration and the extra runs of MeasureMore are outside it.
  std::function<void()> on_measured_begin, on_measured_end;
};

class CaseRunner {
 public:
  using ProgressSink = std::function<void(const std::string&)>;

  CaseRunner(HttpClient& client, PromptSynthesizer& prompts,
             CaseRunnerConfig config, ProgressSink progress);

  CaseOutcome Run(const CaseSpec& spec);

  // One more measured request for a case whose verdict needs more samples;
  // appends to outcome.samples (and counts it in outcome.runs). A failure
  // sets outcome.failure. `max_runs` is only for the progress line.
  Status MeasureMore(CaseOutcome& outcome, int max_runs);

 private:
  // One request with its progress line; the error names the case and run.
  // Measured requests are also checked against ISL, OSL and the cache.
  Result<RequestFigures> Request(const CaseOutcome& outcome,
                                 const std::string& which, bool measured);
  HttpClient& client_;
  PromptSynthesizer& prompts_;
  CaseRunnerConfig config_;
  ProgressSink progress_;
};

// Why a measured request of `outcome`'s case did not measure the case's
// work, if it did not: the server counted a different prompt length than
// ISL (beyond config.isl_tolerance), generated fewer than OSL tokens (unless
// allowed), or served more of the prompt from its prefix cache than
// config.max_cached_fraction.
std::optional<std::string> CheckWork(const CaseRunnerConfig& config,
                                     const CaseOutcome& outcome,
                                     const RequestFigures& figures);

// "TTFT 123.4 ms, TPOT 20.01 ms, decode 49.9 tok/s, 128 tokens": one progress
// line's figures.
std::string DescribeRequest(const RequestFigures& figures);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_CASE_RUNNER_H_
