// Renders ServerMetrics in the Prometheus text format, as prometheus_client
// does for vLLM (floats with a ".0", HELP and TYPE before each family).
#include "tools/sim/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace servebench::sim {

namespace {

void Family(std::string& out, std::string_view name, std::string_view type,
            std::string_view help) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void Sample(std::string& out, std::string_view name, std::string_view labels,
            double value) {
  out.append(name).append("{").append(labels).append("} ");
  out.append(PromFloat(value)).append("\n");
}

}  // namespace

double KvCacheUsage(const ServerMetrics& metrics, const SimConfig& config) {
  if (config.kv_cache_tokens <= 0) return 0;
  return std::clamp(static_cast<double>(metrics.kv_tokens_in_use) /
                        static_cast<double>(config.kv_cache_tokens),
                    0.0, 1.0);
}

std::string RenderMetrics(const ServerMetrics& m, const SimConfig& config) {
  const std::string labels = "engine=\"0\",model_name=\"" + config.model + "\"";
  std::string out;
  Family(out, "vllm:num_requests_running", "gauge",
         "Number of requests in model execution batches.");
  Sample(out, "vllm:num_requests_running", labels, m.requests_running);
  Family(out, "vllm:num_requests_waiting", "gauge",
         "Number of requests waiting to be processed.");
  Sample(out, "vllm:num_requests_waiting", labels, m.requests_waiting);
  Family(out, "vllm:kv_cache_usage_perc", "gauge",
         "KV-cache usage. 1 means 100 percent usage.");
  Sample(out, "vllm:kv_cache_usage_perc", labels, KvCacheUsage(m, config));
  Family(out, "vllm:prompt_tokens_total", "counter",
         "Number of prefill tokens processed.");
  Sample(out, "vllm:prompt_tokens_total", labels, m.prompt_tokens_total);
  Family(out, "vllm:generation_tokens_total", "counter",
         "Number of generation tokens processed.");
  Sample(out, "vllm:generation_tokens_total", labels,
         m.generation_tokens_total);
  Family(out, "vllm:request_success_total", "counter",
         "Count of successfully processed requests.");
  Sample(out, "vllm:request_success_total",
         labels + ",finished_reason=\"length\"", m.finished_length);
  Sample(out, "vllm:request_success_total",
         labels + ",finished_reason=\"stop\"", m.finished_stop);

  if (config.prefix_cache) {
    Family(out, "vllm:prefix_cache_queries_total", "counter",
           "Prefix cache queries, in terms of number of queried tokens.");
    Sample(out, "vllm:prefix_cache_queries_total", labels,
           m.prefix_cache_queries);
    Family(out, "vllm:prefix_cache_hits_total", "counter",
           "Prefix cache hits, in terms of number of cached tokens.");
    Sample(out, "vllm:prefix_cache_hits_total", labels, m.prefix_cache_hits);
  }
  if (config.spec_tokens > 0) {
    Family(out, "vllm:spec_decode_num_drafts_total", "counter",
           "Number of spec decoding drafts.");
    Sample(out, "vllm:spec_decode_num_drafts_total", labels, m.spec.drafts);
    Family(out, "vllm:spec_decode_num_draft_tokens_total", "counter",
           "Number of draft tokens.");
    Sample(out, "vllm:spec_decode_num_draft_tokens_total", labels,
           m.spec.draft_tokens);
    Family(out, "vllm:spec_decode_num_accepted_tokens_total", "counter",
           "Number of accepted tokens.");
    Sample(out, "vllm:spec_decode_num_accepted_tokens_total", labels,
           m.spec.accepted);
    Family(out, "vllm:spec_decode_num_accepted_tokens_per_pos_total", "counter",
           "Accepted tokens per draft position.");
    for (int j = 0; j < config.spec_tokens; ++j) {
      const size_t pos = static_cast<size_t>(j);
      Sample(out, "vllm:spec_decode_num_accepted_tokens_per_pos_total",
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
  Family(out, "vllm:cache_config_info", "gauge",
         "Information of the LLMEngine CacheConfig");
  Sample(out, "vllm:cache_config_info",
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
