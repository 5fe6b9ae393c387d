// Prometheus text of the non-vLLM personalities.
#include "tools/sim/engine_metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "tools/sim/engine.h"
#include "tools/sim/json_out.h"
#include "tools/sim/prom_text.h"

namespace servebench::sim {
namespace {

double D(int64_t v) { return static_cast<double>(v); }

// The KV cache usage the engines report: tokens held over capacity.
double KvUsage(const ServerMetrics& m, const SimConfig& config) {
  return KvCacheUsage(m, config);
}

// llama-server's metrics carry no labels and print values with <<.
void LlamaMetric(std::string& out, std::string_view name, std::string_view help,
                 std::string_view type, double value) {
  const std::string full_name = "llamacpp:" + std::string(name);
  AppendFamily(out, full_name, type, help);
  AppendSample(out, full_name, "", StreamDouble(value));
}

// llama.cpp keeps times as double milliseconds and prints
// (uint64_t) ms / 1e3.
double SecondsOfWholeMs(int64_t ns) {
  return static_cast<double>(ns / 1000000) / 1e3;
}

// tokens per second over `ns`, as llama.cpp's gauges: 1e3 / ms * n, 0
// without tokens.
double Rate(int64_t tokens, int64_t ns) {
  if (tokens == 0) return 0;
  return 1e3 / (static_cast<double>(ns) / 1e6) * static_cast<double>(tokens);
}

}  // namespace

std::string StreamDouble(double value) {
  char text[64];
  std::snprintf(text, sizeof(text), "%g", value);
  return text;
}

int64_t GpuMemoryBytes(const SimConfig& config) {
  return static_cast<int64_t>(std::llround(
      (config.model_memory_gib + config.kv_cache_gib) * 1073741824.0));
}

std::string RenderSglangMetrics(const ServerMetrics& m,
                                const SimConfig& config) {
  const std::string labels = "model_name=\"" + config.model + "\"";
  std::string out;
  AppendMetric(out, "sglang:prompt_tokens_total", "counter",
               "Number of prefill tokens processed.", labels,
               D(m.prompt_tokens_total));
  AppendMetric(out, "sglang:generation_tokens_total", "counter",
               "Number of generation tokens processed.", labels,
               D(m.generation_tokens_total));
  AppendMetric(out, "sglang:num_requests_total", "counter",
               "Number of requests processed.", labels,
               D(m.finished_length + m.finished_stop));
  AppendMetric(out, "sglang:num_running_reqs", "gauge",
               "The number of running requests.", labels,
               D(m.requests_running));
  AppendMetric(out, "sglang:num_used_tokens", "gauge",
               "The number of used tokens.", labels, D(m.kv_tokens_in_use));
  AppendMetric(out, "sglang:token_usage", "gauge", "The token usage.", labels,
               KvUsage(m, config));
  AppendMetric(out, "sglang:num_queue_reqs", "gauge",
               "The number of requests in the waiting queue.", labels,
               D(m.requests_waiting));
  AppendMetric(out, "sglang:max_total_num_tokens", "gauge",
               "Maximum total number of tokens in the KV cache pool.", labels,
               D(config.kv_cache_tokens));
  m.latency.Render(out, labels);
  return out;
}

std::string RenderLlamaCppMetrics(const ServerMetrics& m,
                                  const SimConfig& config) {
  (void)config;
  const LlamaCppCounters& l = m.llama;
  const float busy_per_decode =
      static_cast<float>(l.busy_slots) /
      std::max(static_cast<float>(l.decode_calls), 1.f);
  std::string out;
  LlamaMetric(out, "prompt_tokens_total", "Number of prompt tokens processed.",
              "counter", D(l.prompt_tokens));
  LlamaMetric(out, "prompt_seconds_total", "Prompt process time", "counter",
              SecondsOfWholeMs(l.prompt_ns));
  LlamaMetric(out, "tokens_predicted_total",
              "Number of generation tokens processed.", "counter",
              D(l.predicted_tokens));
  LlamaMetric(out, "tokens_predicted_seconds_total", "Predict process time",
              "counter", SecondsOfWholeMs(l.predicted_ns));
  LlamaMetric(out, "n_decode_total", "Total number of llama_decode() calls",
              "counter", D(l.decode_calls));
  LlamaMetric(out, "n_tokens_max", "Largest observed n_tokens.", "counter",
              D(l.tokens_max));
  LlamaMetric(out, "n_busy_slots_per_decode",
              "Average number of busy slots per llama_decode() call", "counter",
              static_cast<double>(busy_per_decode));
  LlamaMetric(out, "prompt_tokens_seconds",
              "Average prompt throughput in tokens/s.", "gauge",
              Rate(l.bucket_prompt_tokens, l.bucket_prompt_ns));
  LlamaMetric(out, "predicted_tokens_seconds",
              "Average generation throughput in tokens/s.", "gauge",
              Rate(l.bucket_predicted_tokens, l.bucket_predicted_ns));
  LlamaMetric(out, "requests_processing", "Number of requests processing.",
              "gauge", D(m.requests_running));
  LlamaMetric(out, "requests_deferred", "Number of requests deferred.", "gauge",
              D(m.requests_waiting));
  return out;
}

std::string RenderTrtllmPrometheus(const ServerMetrics& m,
                                   const SimConfig& config) {
  const std::string labels =
      "model_name=\"undefined\",engine_type=\"undefined\"";
  std::string out;
  AppendRequestSuccess(out, "trtllm_request_success_total", labels, m);
  m.latency.Render(out, labels);
  AppendMetric(out, "trtllm_prompt_tokens_total", "counter",
               "Cumulative number of prompt (input) tokens processed.", labels,
               D(m.prompt_tokens_total));
  AppendMetric(out, "trtllm_generation_tokens_total", "counter",
               "Cumulative number of generation (output) tokens produced.",
               labels, D(m.generation_tokens_total));
  AppendMetric(out, "trtllm_kv_cache_utilization", "gauge",
               "KV cache utilization", labels, KvUsage(m, config));
  AppendMetric(out, "trtllm_num_requests_running", "gauge",
               "Number of active requests", labels, D(m.requests_running));
  AppendMetric(out, "trtllm_num_requests_waiting", "gauge",
               "Number of queued requests", labels, D(m.requests_waiting));
  return out;
}

std::string TrtllmIterationStats(const ServerMetrics& m,
                                 const SimConfig& config, int64_t iteration,
                                 std::string_view timestamp) {
  // trtllm-serve's PyTorch backend allocates 32-token blocks
  // ("Number of tokens per block: 32." in its log).
  constexpr int64_t kTokensPerBlock = 32;
  const int64_t max_blocks = config.kv_cache_tokens / kTokensPerBlock;
  const int64_t used_blocks = std::min(
      max_blocks, (m.kv_tokens_in_use + kTokensPerBlock - 1) / kTokensPerBlock);
  const int64_t max_running = ReportedMaxRunning(config);
  return JsonText([&](JsonWriter& w) {
    w.StartArray();
    w.StartObject();
    KeyInt(w, "cpuMemUsage", 0);
    KeyInt(w, "gpuMemUsage", GpuMemoryBytes(config));
    w.Key("inflightBatchingStats");
    w.StartObject();
    KeyInt(w, "numContextRequests", 0);
    KeyInt(w, "numCtxTokens", 0);
    KeyInt(w, "numGenRequests", m.requests_running);
    KeyInt(w, "numPausedRequests", 0);
    KeyInt(w, "numScheduledRequests", m.requests_running);
    w.EndObject();
    KeyInt(w, "iter", iteration);
    KeyDouble(w, "iterLatencyMS", config.tpot_ms);
    w.Key("kvCacheStats");
    w.StartObject();
    KeyInt(w, "allocNewBlocks", 0);
    KeyInt(w, "allocTotalBlocks", used_blocks);
    KeyDouble(w, "cacheHitRate", 0.0);
    KeyInt(w, "freeNumBlocks", max_blocks - used_blocks);
    KeyInt(w, "maxNumBlocks", max_blocks);
    KeyInt(w, "missedBlocks", 0);
    KeyInt(w, "reusedBlocks", 0);
    KeyInt(w, "tokensPerBlock", kTokensPerBlock);
    KeyInt(w, "usedNumBlocks", used_blocks);
    w.EndObject();
    KeyInt(w, "maxBatchSizeRuntime", max_running);
    KeyInt(w, "maxBatchSizeStatic", max_running);
    KeyInt(w, "maxBatchSizeTunerRecommended", max_running);
    KeyInt(w, "maxNumActiveRequests", max_running);
    KeyInt(w, "maxNumTokensRuntime", 8192);
    KeyInt(w, "maxNumTokensStatic", 8192);
    KeyInt(w, "maxNumTokensTunerRecommended", 8192);
    KeyDouble(w, "newActiveRequestsQueueLatencyMS", 0.0);
    KeyInt(w, "numActiveRequests", m.requests_running);
    KeyInt(w, "numCompletedRequests", m.finished_length + m.finished_stop);
    KeyInt(w, "numNewActiveRequests", 0);
    KeyInt(w, "numQueuedRequests", m.requests_waiting);
    KeyInt(w, "pinnedMemUsage", 0);
    KeyNull(w, "staticBatchingStats");
    KeyStr(w, "timestamp", timestamp);
    w.EndObject();
    w.EndArray();
  });
}

}  // namespace servebench::sim
