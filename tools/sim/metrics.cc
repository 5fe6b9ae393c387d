// Renders ServerMetrics in the Prometheus text format, as prometheus_client
// does for vLLM (floats with a ".0", HELP and TYPE before each family).
#include "tools/sim/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "tools/sim/prom_text.h"

namespace servebench::sim {

double KvCacheUsage(const ServerMetrics& metrics, const SimConfig& config) {
  if (config.kv_cache_tokens <= 0) return 0;
  return std::clamp(static_cast<double>(metrics.kv_tokens_in_use) /
                        static_cast<double>(config.kv_cache_tokens),
                    0.0, 1.0);
}

void AppendRequestSuccess(std::string& out, std::string_view name,
                          const std::string& labels, const ServerMetrics& m) {
  AppendFamily(out, name, "counter",
               "Count of successfully processed requests.");
  AppendSample(out, name, labels + ",finished_reason=\"length\"",
               m.finished_length);
  AppendSample(out, name, labels + ",finished_reason=\"stop\"",
               m.finished_stop);
}

std::string RenderMetrics(const ServerMetrics& m, const SimConfig& config) {
  const std::string labels = "engine=\"0\",model_name=\"" + config.model + "\"";
  std::string out;
  AppendMetrics(
      out, labels,
      {{"vllm:num_requests_running", "gauge",
        "Number of requests in model execution batches.",
        AsDouble(m.requests_running)},
       {"vllm:num_requests_waiting", "gauge",
        "Number of requests waiting to be processed.",
        AsDouble(m.requests_waiting)},
       {"vllm:kv_cache_usage_perc", "gauge",
        "KV-cache usage. 1 means 100 percent usage.", KvCacheUsage(m, config)},
       {"vllm:prompt_tokens_total", "counter",
        "Number of prefill tokens processed.", AsDouble(m.prompt_tokens_total)},
       {"vllm:generation_tokens_total", "counter",
        "Number of generation tokens processed.",
        AsDouble(m.generation_tokens_total)}});
  AppendRequestSuccess(out, "vllm:request_success_total", labels, m);

  if (config.prefix_cache) {
    AppendMetrics(
        out, labels,
        {{"vllm:prefix_cache_queries_total", "counter",
          "Prefix cache queries, in terms of number of queried tokens.",
          AsDouble(m.prefix_cache_queries)},
         {"vllm:prefix_cache_hits_total", "counter",
          "Prefix cache hits, in terms of number of cached tokens.",
          AsDouble(m.prefix_cache_hits)}});
  }
  if (config.spec_tokens > 0) {
    AppendMetrics(out, labels,
                  {{"vllm:spec_decode_num_drafts_total", "counter",
                    "Number of spec decoding drafts.", AsDouble(m.spec.drafts)},
                   {"vllm:spec_decode_num_draft_tokens_total", "counter",
                    "Number of draft tokens.", AsDouble(m.spec.draft_tokens)},
                   {"vllm:spec_decode_num_accepted_tokens_total", "counter",
                    "Number of accepted tokens.", AsDouble(m.spec.accepted)}});
    AppendFamily(out, "vllm:spec_decode_num_accepted_tokens_per_pos_total",
                 "counter", "Accepted tokens per draft position.");
    for (int j = 0; j < config.spec_tokens; ++j) {
      const size_t pos = static_cast<size_t>(j);
      AppendSample(out, "vllm:spec_decode_num_accepted_tokens_per_pos_total",
                   labels + ",position=\"" + std::to_string(j) + "\"",
                   pos < m.spec.accepted_per_position.size()
                       ? m.spec.accepted_per_position[pos]
                       : 0);
    }
  }

  // vLLM publishes its cache configuration as an info-style gauge.
  char utilization[32];
  std::snprintf(utilization, sizeof(utilization), "%g",
                config.gpu_memory_utilization);
  AppendFamily(out, "vllm:cache_config_info", "gauge",
               "Information of the LLMEngine CacheConfig");
  AppendSample(out, "vllm:cache_config_info",
               "block_size=\"" + std::to_string(kKvBlockSize) +
                   "\",cache_dtype=\"auto\",enable_prefix_caching=\"True\","
                   "engine=\"0\",gpu_memory_utilization=\"" +
                   utilization + "\",num_gpu_blocks=\"" +
                   std::to_string(config.kv_cache_tokens / kKvBlockSize) + "\"",
               1.0);
  if (m.latency.engine() == Engine::kVllm) m.latency.Render(out, labels);
  return out;
}

}  // namespace servebench::sim
