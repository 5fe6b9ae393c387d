// Prefix-cache counters and their hit rate over an interval.
#include "bench/facts/metrics/prefix_cache.h"

#include <cmath>
#include <string>

#include "bench/facts/metrics/metric_scan.h"

namespace servebench {
namespace {

// The sum of a counter's series, or nullopt when it has none. The exposition
// name (with _total) and the bare name are kept apart: the first that has
// samples wins, as a counter is never exported under both.
std::optional<double> Counter(std::string_view metrics,
                              const std::string& name) {
  const std::string exposed = name + "_total";
  std::optional<double> total, bare;
  ScanSeries(metrics, {std::string_view(exposed), std::string_view(name)},
             [&](const SampleLine& s) {
               if (!std::isfinite(s.value)) return;
               std::optional<double>& sum = s.name == exposed ? total : bare;
               if (s.name != exposed && s.name != name) return;
               sum = sum.value_or(0) + s.value;
             });
  return total ? total : bare;
}

}  // namespace

std::optional<PrefixCacheCounters> ReadPrefixCacheCounters(
    std::string_view metrics) {
  const auto queries = Counter(metrics, "vllm:prefix_cache_queries");
  const auto hits = Counter(metrics, "vllm:prefix_cache_hits");
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
