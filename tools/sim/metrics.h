// The server's live counters and their Prometheus text exposition, with the
// series names vLLM V1 uses (vllm:num_requests_running,
// vllm:kv_cache_usage_perc, vllm:prompt_tokens_total, ...), so scrapers written
// for vLLM work unchanged.
//
// vllm:kv_cache_usage_perc is live: the prompt and generated tokens of the
// requests in flight over the configured KV cache capacity.
#ifndef SERVEBENCH_TOOLS_SIM_METRICS_H_
#define SERVEBENCH_TOOLS_SIM_METRICS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "tools/sim/config.h"
#include "tools/sim/prom_float.h"
#include "tools/sim/server_latency.h"
#include "tools/sim/spec_decode.h"

namespace servebench::sim {

// llama.cpp's /metrics counters (its server_metrics). "bucket" figures are
// since the previous scrape: llama.cpp averages its throughput gauges over
// the window between two scrapes and resets them at each.
struct LlamaCppCounters {
  int64_t prompt_tokens = 0;  // prompt tokens evaluated (cached ones not)
  int64_t prompt_ns = 0;      // prompt evaluation time
  int64_t predicted_tokens = 0;
  int64_t predicted_ns = 0;  // first to last token, per request
  int64_t decode_calls = 0;  // one per prompt and per decode step
  int64_t busy_slots = 0;    // summed over decode calls
  int64_t tokens_max = 0;    // largest prompt + generated of a request
  int64_t bucket_prompt_tokens = 0;
  int64_t bucket_prompt_ns = 0;
  int64_t bucket_predicted_tokens = 0;
  int64_t bucket_predicted_ns = 0;
};

struct ServerMetrics {
  int64_t requests_running = 0;  // accepted, not yet finished
  // Waiting for admission; 0 without saturation (scheduler.h), where nothing
  // queues.
  int64_t requests_waiting = 0;
  int64_t kv_tokens_in_use = 0;  // prompt + generated tokens of running ones
  int64_t prompt_tokens_total = 0;
  int64_t generation_tokens_total = 0;
  int64_t finished_length = 0;  // by finish reason
  int64_t finished_stop = 0;
  // Rendered only with config.prefix_cache: prompt tokens looked up in the
  // prefix cache, and those found (vLLM V1 counts tokens, not requests).
  int64_t prefix_cache_queries = 0;
  int64_t prefix_cache_hits = 0;
  // Rendered only with config.spec_tokens > 0.
  SpecStats spec;
  // The engine's latency histograms (server_latency.h).
  ServerLatency latency;
  // Only for the llama.cpp personality.
  LlamaCppCounters llama;
};

// KV cache usage as vLLM reports it: a fraction in [0, 1].
double KvCacheUsage(const ServerMetrics& metrics, const SimConfig& config);

// The request_success_total counter family `name` (vLLM's and
// TensorRT-LLM's): finished requests by finished_reason, after `labels`.
void AppendRequestSuccess(std::string& out, std::string_view name,
                          const std::string& labels, const ServerMetrics& m);

// GET /metrics body of the vLLM personality (text/plain; version=0.0.4):
// the gauges and counters, then the latency histograms.
std::string RenderMetrics(const ServerMetrics& metrics,
                          const SimConfig& config);

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_METRICS_H_
