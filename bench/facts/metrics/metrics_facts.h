// Facts read from a vLLM server's Prometheus metrics: KV cache size and
// usage, and speculative-decoding acceptance. Pure functions over parsed
// samples (see prometheus_text.h); a metric the server does not export gives
// std::nullopt, never 0.
//
// Names are those of the vLLM V1 engine (checked against
// testdata/metrics_names_and_samples.txt); the V0 name of the KV usage gauge
// is read too. Several engines (data parallel) export one series each,
// labelled engine="N".
#ifndef SERVEBENCH_BENCH_SERVER_METRICS_METRICS_FACTS_H_
#define SERVEBENCH_BENCH_SERVER_METRICS_METRICS_FACTS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "bench/facts/metrics/prometheus_text.h"

namespace servebench {

// num_gpu_blocks x block_size from the labels of vllm:cache_config_info: the
// KV cache capacity in tokens of one engine (the figure its log prints as
// "GPU KV cache size: N tokens"). With several engines, the largest.
// nullopt when the metric or either label is missing or not a positive
// integer (vLLM prints "None" before the cache is sized).
std::optional<int64_t> KvCacheTokensFromCacheConfig(
    const std::vector<PromSample>& samples);

// KV cache usage in percent (0..100) of the fullest engine, from
// vllm:kv_cache_usage_perc or, on servers before the rename,
// vllm:gpu_cache_usage_perc. Both gauges are fractions despite their name
// ("1 means 100 percent usage"). NaN samples are ignored.
std::optional<double> KvCacheUsagePct(const std::vector<PromSample>& samples);

// Cumulative speculative-decoding counters, summed over engines. A counter
// the server does not export stays nullopt.
struct SpecDecodeCounters {
  std::optional<double> num_drafts;           // vllm:spec_decode_num_drafts
  std::optional<double> num_draft_tokens;     // ..._num_draft_tokens
  std::optional<double> num_accepted_tokens;  // ..._num_accepted_tokens
  // ..._num_accepted_tokens_per_pos by its "position" label (0 = first
  // draft token).
  std::map<int, double> accepted_per_position;
};

// Reads the counters under their exposition names (name + "_total"), or
// the bare name some exporters use.
SpecDecodeCounters ReadSpecDecodeCounters(
    const std::vector<PromSample>& samples);

struct SpecDecodeStats {
  double drafts = 0;  // deltas over the interval
  double draft_tokens = 0;
  double accepted_tokens = 0;
  // accepted / draft tokens, 0..1.
  double acceptance_rate = 0;
  // vLLM's mean acceptance length: 1 + accepted / drafts (tokens emitted per
  // verification step, counting the bonus token). nullopt without
  // num_drafts.
  std::optional<double> mean_acceptance_length;
  // accepted at position i / drafts, for the positions exported.
  std::vector<double> per_position_rate;
};

// The speculative decoding done between two scrapes. nullopt when the
// counters are missing, when no draft token was proposed in between, or
// when a counter went backwards (the server restarted).
std::optional<SpecDecodeStats> SpecDecodeDelta(const SpecDecodeCounters& before,
                                               const SpecDecodeCounters& after);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_SERVER_METRICS_METRICS_FACTS_H_
