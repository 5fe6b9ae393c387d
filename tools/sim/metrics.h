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

#include "tools/sim/config.h"
#include "tools/sim/spec_decode.h"

namespace servebench::sim {

struct ServerMetrics {
  int64_t requests_running = 0;  // accepted, not yet finished
  int64_t requests_waiting = 0;  // always 0: nothing queues in the simulator
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
};

// A number as prometheus_client prints it with Python's repr(): integral
// values with ".0" (1200 -> "1200.0"), others as the shortest text that
// round-trips (0.00005 -> "5e-05").
std::string PromFloat(double value);

// KV cache usage as vLLM reports it: a fraction in [0, 1].
double KvCacheUsage(const ServerMetrics& metrics, const SimConfig& config);

// GET /metrics body (text/plain; version=0.0.4).
std::string RenderMetrics(const ServerMetrics& metrics,
                          const SimConfig& config);

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_METRICS_H_
