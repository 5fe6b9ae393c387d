// A server's own prefix-cache counters, read from /metrics around a load
// level: vLLM V1's vllm:prefix_cache_queries_total (prompt tokens looked
// up) and vllm:prefix_cache_hits_total (tokens found), summed over engines
// (data parallel exports one series each). Servers without them give no
// figure, never 0.
#ifndef SERVEBENCH_BENCH_FACTS_METRICS_PREFIX_CACHE_H_
#define SERVEBENCH_BENCH_FACTS_METRICS_PREFIX_CACHE_H_

#include <optional>
#include <string_view>

namespace servebench {

struct PrefixCacheCounters {
  double queries = 0;  // prompt tokens looked up
  double hits = 0;     // of those, found in the cache
};

// Reads the counters under their exposition names (name + "_total") or the
// bare names; nullopt unless both are there.
std::optional<PrefixCacheCounters> ReadPrefixCacheCounters(
    std::string_view metrics);

// hits / queries × 100 between two reads; nullopt when nothing was looked
// up in between or a counter went backwards (the server restarted).
std::optional<double> PrefixCacheHitRatePct(const PrefixCacheCounters& before,
                                            const PrefixCacheCounters& after);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_FACTS_METRICS_PREFIX_CACHE_H_
