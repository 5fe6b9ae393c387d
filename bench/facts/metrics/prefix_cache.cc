// Prefix-cache counters and their hit rate over an interval.
#include "bench/facts/metrics/prefix_cache.h"

#include <cmath>
#include <string>

namespace servebench {
namespace {

// The sum of a counter's series, or nullopt when it has none.
std::optional<double> Counter(const std::vector<PromSample>& samples,
                              const std::string& name) {
  std::optional<double> sum;
  for (const std::string& exposed : {name + "_total", name}) {
    for (const PromSample* s : FindSamples(samples, exposed)) {
      if (!std::isfinite(s->value)) continue;
      sum = sum.value_or(0) + s->value;
    }
    if (sum) return sum;
  }
  return sum;
}

}  // namespace

std::optional<PrefixCacheCounters> ReadPrefixCacheCounters(
    const std::vector<PromSample>& samples) {
  const auto queries = Counter(samples, "vllm:prefix_cache_queries");
  const auto hits = Counter(samples, "vllm:prefix_cache_hits");
  if (!queries || !hits) return std::nullopt;
  return PrefixCacheCounters{*queries, *hits};
}

std::optional<double> PrefixCacheHitRatePct(const PrefixCacheCounters& before,
                                            const PrefixCacheCounters& after) {
  const double queries = after.queries - before.queries;
  const double hits = after.hits - before.hits;
  if (!(queries > 0) || hits < 0 || hits > queries) return std::nullopt;
  return 100 * hits / queries;
}

}  // namespace servebench
