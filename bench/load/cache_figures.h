// What a server's prefix cache did for a load level, from the requests'
// own usage (usage.prompt_tokens_details.cached_tokens):
//
//   cache_hit_rate_pct = Σ cached_tokens / Σ prompt_tokens × 100 over the
//                        measured requests that succeeded and reported it;
//   cache_hits         = those requests with cached_tokens > 0;
//   ttft_hit_ms_p50 / ttft_miss_ms_p50 = median TTFT of requests with and
//                        without a hit (each absent without such requests).
// A server that does not report cached_tokens gives no figure at all, never
// 0. The server's own counters are read separately (bench/facts/metrics/
// prefix_cache.h).
#ifndef SERVEBENCH_BENCH_LOAD_CACHE_FIGURES_H_
#define SERVEBENCH_BENCH_LOAD_CACHE_FIGURES_H_

#include <optional>
#include <vector>

#include "bench/load/load_figures.h"

namespace servebench {

struct CacheFigures {
  int reported = 0;  // requests whose usage had cached_tokens
  int hits = 0;
  double hit_rate_pct = 0;
  std::optional<double> ttft_hit_ms_p50;
  std::optional<double> ttft_miss_ms_p50;
};

// Absent when no measured request reported cached_tokens.
std::optional<CacheFigures> ComputeCacheFigures(
    const std::vector<RequestRecord>& requests);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_LOAD_CACHE_FIGURES_H_
