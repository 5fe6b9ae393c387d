// How far the load client's figures are from a simulator's known truth: the
// error budget of one load level.
//
// Truth, for a simulator run with a fixed TTFT, no prefill cost per token and
// one decode step every `step_ms` that emits `chunk` tokens:
//   TTFT = ttft_ms;
//   chunk gap (ITL) = step_ms;
//   TPOT = what the seed formula gives on a perfect clock, decode time over
//          (tokens - 1) = step_ms * (chunks - 1) / (tokens - 1) for the
//          request's own chunk and token counts. For one token per chunk that
//          is step_ms; for three it tends to step_ms / 3.
// Errors are the client's observation minus the truth, so they include the
// simulator's own timer lateness and the loopback's latency as well as the
// client's.
#ifndef SERVEBENCH_TOOLS_ERROR_BUDGET_ERROR_FIGURES_H_
#define SERVEBENCH_TOOLS_ERROR_BUDGET_ERROR_FIGURES_H_

#include <optional>
#include <string>

#include "bench/load/closed_loop.h"

namespace servebench {

struct Truth {
  double ttft_ms = 0;
  double step_ms = 0;
};

struct ErrorFigures {
  int requests = 0;
  int failed = 0;
  double tokens_per_chunk = 0;  // observed: completion tokens / text chunks
  double ttft_abs_ms = 0;       // mean |measured - truth|
  double ttft_mean_error_ms = 0;  // mean (measured - truth), signed
  double ttft_rel = 0;          // ttft_abs_ms / truth
  double tpot_abs_ms = 0;
  double tpot_rel = 0;
  std::optional<double> itl_p99_inflation_ms;  // p99 chunk gap - step_ms
  double cpu_us_per_token = 0;
  double cpu_us_per_chunk = 0;  // the client's CPU over the chunks it read
  std::optional<double> output_tps;  // steady-state window
};

ErrorFigures ComputeErrorFigures(const LoadResult& result, const Truth& truth);

}  // namespace servebench

#endif  // SERVEBENCH_TOOLS_ERROR_BUDGET_ERROR_FIGURES_H_
