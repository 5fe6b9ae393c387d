// Facts read from a server's Prometheus /metrics body: KV cache size and
// usage, speculative-decoding acceptance and the server's own latency
// clock. Pure functions over the text, each a selective scan
// (metric_scan.h) of the few series it needs; a metric the server does not
// export gives std::nullopt, never 0.
//
// Names are those of vLLM V1 (checked against
// testdata/metrics_names_and_samples.txt), SGLang and TensorRT-LLM (see
// docs-draft/engines.md for where each name was verified). Several engines
// (data parallel) export one series each, labelled engine="N".
#ifndef SERVEBENCH_BENCH_SERVER_METRICS_METRICS_FACTS_H_
#define SERVEBENCH_BENCH_SERVER_METRICS_METRICS_FACTS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace servebench {

// num_gpu_blocks x block_size from the labels of vllm:cache_config_info: the
// KV cache capacity in tokens of one engine (the figure its log prints as
// "GPU KV cache size: N tokens"). With several engines, the largest.
// nullopt when the metric or either label is missing or not a positive
// integer (vLLM prints "None" before the cache is sized).
std::optional<int64_t> KvCacheTokensFromCacheConfig(std::string_view metrics);

// The gauges KvCacheUsagePct reads, in order of preference: vLLM's
// kv_cache_usage_perc, its name before the rename gpu_cache_usage_perc, and
// SGLang's token_usage. All are fractions of the KV cache in use.
inline constexpr std::string_view kKvUsageGauges[] = {
    "vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc",
    "sglang:token_usage"};

// KV cache usage in percent (0..100) of the fullest engine, from the first
// of kKvUsageGauges the server exports. NaN samples are ignored. Allocates
// nothing: the peak watch calls it several times a second.
std::optional<double> KvCacheUsagePct(std::string_view metrics);

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
SpecDecodeCounters ReadSpecDecodeCounters(std::string_view metrics);

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

// ---- The server's own clock ------------------------------------------------

// A histogram's _sum and _count, summed over its series.
struct HistogramTotal {
  double sum = 0;
  double count = 0;
};

// What a scrape says about the server's latency histograms: every family
// of kLatencyFamilies found (by name), and vLLM's generation token counter.
struct LatencyTotals {
  std::map<std::string, HistogramTotal, std::less<>> histograms;
  std::optional<double> generation_tokens;  // vllm:generation_tokens_total
};

LatencyTotals ReadLatencyTotals(std::string_view metrics);

// Means over the requests a server finished between two scrapes, in ms,
// each absent when the server exports no histogram for it:
//   ttft_ms     time to first token;
//   tpot_ms     time per output token after the first. vLLM: the decode
//               time of the requests over their generated tokens after the
//               first (request_decode_time_seconds and
//               generation_tokens_total: exact with speculative decoding,
//               where its inter-token histogram observes one gap per step);
//               else its inter_token_latency_seconds or
//               time_per_output_token_seconds. SGLang: inter_token_latency
//               (counted per token) or time_per_output_token. TensorRT-LLM:
//               time_per_output_token (each request's mean gap);
//   queue_ms, prefill_ms, e2e_ms  the phases the engine times.
// `requests` is how many requests the TTFT histogram (else e2e) observed in
// between: a figure for "the case's requests" only when it equals theirs.
struct ServerClock {
  std::optional<double> ttft_ms, tpot_ms, queue_ms, prefill_ms, e2e_ms;
  std::optional<double> requests;
  std::string ttft_source, tpot_source;  // the metrics the means came from
};

// nullopt when neither TTFT nor TPOT can be had (no histograms, nothing
// observed in between, or a counter went backwards).
std::optional<ServerClock> ServerClockDelta(const LatencyTotals& before,
                                            const LatencyTotals& after);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_SERVER_METRICS_METRICS_FACTS_H_
