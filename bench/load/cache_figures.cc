// Prefix-cache hits from the requests' usage.
#include "bench/load/cache_figures.h"

#include "bench/base/summary_stats.h"

namespace servebench {

std::optional<CacheFigures> ComputeCacheFigures(
    const std::vector<RequestRecord>& requests) {
  CacheFigures f;
  double cached = 0, prompt = 0;
  std::vector<double> hit_ttft, miss_ttft;
  for (const RequestRecord& r : requests) {
    if (r.warmup || !r.ok() || !r.figures->cached_tokens) continue;
    ++f.reported;
    cached += static_cast<double>(*r.figures->cached_tokens);
    prompt += static_cast<double>(r.figures->prompt_tokens);
    if (*r.figures->cached_tokens > 0) {
      ++f.hits;
      hit_ttft.push_back(r.figures->ttft_ms);
    } else {
      miss_ttft.push_back(r.figures->ttft_ms);
    }
  }
  if (f.reported == 0) return std::nullopt;
  if (prompt > 0) f.hit_rate_pct = 100 * cached / prompt;
  f.ttft_hit_ms_p50 = Percentile(std::move(hit_ttft), 50);
  f.ttft_miss_ms_p50 = Percentile(std::move(miss_ttft), 50);
  return f;
}

}  // namespace servebench
