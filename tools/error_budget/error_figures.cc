// Measured-minus-truth figures of a load level (see error_figures.h).
#include "tools/error_budget/error_figures.h"

#include <cmath>

namespace servebench {

ErrorFigures ComputeErrorFigures(const LoadResult& result, const Truth& truth) {
  ErrorFigures e;
  double tokens = 0, chunks = 0, ttft_sum = 0, ttft_signed = 0, tpot_sum = 0;
  int tpot_count = 0;
  for (const RequestRecord& r : result.requests) {
    ++e.requests;
    if (!r.ok()) {
      ++e.failed;
      continue;
    }
    const RequestFigures& f = *r.figures;
    tokens += static_cast<double>(f.completion_tokens);
    chunks += static_cast<double>(r.text_chunk_times.size());
    ttft_sum += std::fabs(f.ttft_ms - truth.ttft_ms);
    ttft_signed += f.ttft_ms - truth.ttft_ms;
    if (f.tpot_ms && f.completion_tokens > 1) {
      const double true_tpot =
          truth.step_ms * static_cast<double>(r.text_chunk_times.size() - 1) /
          static_cast<double>(f.completion_tokens - 1);
      tpot_sum += std::fabs(*f.tpot_ms - true_tpot);
      ++tpot_count;
      e.tpot_rel += std::fabs(*f.tpot_ms - true_tpot) / true_tpot;
    }
  }
  const int ok = e.requests - e.failed;
  if (ok > 0) {
    e.ttft_abs_ms = ttft_sum / ok;
    e.ttft_mean_error_ms = ttft_signed / ok;
    e.ttft_rel = truth.ttft_ms > 0 ? e.ttft_abs_ms / truth.ttft_ms : 0;
  }
  if (tpot_count > 0) {
    e.tpot_abs_ms = tpot_sum / tpot_count;
    e.tpot_rel /= tpot_count;
  }
  if (chunks > 0) e.tokens_per_chunk = tokens / chunks;
  if (tokens > 0) e.cpu_us_per_token = result.client.cpu_s * 1e6 / tokens;
  if (chunks > 0) e.cpu_us_per_chunk = result.client.cpu_s * 1e6 / chunks;
  if (result.figures.itl_ms) {
    e.itl_p99_inflation_ms = result.figures.itl_ms->p99 - truth.step_ms;
  }
  e.output_tps = result.figures.output_tps;
  return e;
}

}  // namespace servebench
