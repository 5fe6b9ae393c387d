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

// llama-server's metrics are named "llamacpp:" + row.name, carry no labels
// and print values with <<.
void LlamaMetric(std::string& out, const MetricRow& row) {
  const std::string full_name = "llamacpp:" + std::string(row.name);
  AppendFamily(out, full_name, row.type, row.help);
  AppendSample(out, full_name, "", StreamDouble(row.value));
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
  AppendMetrics(
      out, labels,
      {{"sglang:prompt_tokens_total", "counter",
        "Number of prefill tokens processed.", AsDouble(m.prompt_tokens_total)},
       {"sglang:generation_tokens_total", "counter",
        "Number of generation tokens processed.",
        AsDouble(m.generation_tokens_total)},
       {"sglang:num_requests_total", "counter", "Number of requests processed.",
        AsDouble(m.finished_length + m.finished_stop)},
       {"sglang:num_running_reqs", "gauge", "The number of running requests.",
        AsDouble(m.requests_running)},
       {"sglang:num_used_tokens", "gauge", "The number of used tokens.",
        AsDouble(m.kv_tokens_in_use)},
       {"sglang:token_usage", "gauge", "The token usage.",
        KvCacheUsage(m, config)},
       {"sglang:num_queue_reqs", "gauge",
        "The number of requests in the waiting queue.",
        AsDouble(m.requests_waiting)},
       {"sglang:max_total_num_tokens", "gauge",
        "Maximum total number of tokens in the KV cache pool.",
        AsDouble(config.kv_cache_tokens)}});
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
  for (const MetricRow& row : std::initializer_list<MetricRow>{
           {"prompt_tokens_total", "counter",
            "Number of prompt tokens processed.", AsDouble(l.prompt_tokens)},
           {"prompt_seconds_total", "counter", "Prompt process time",
            SecondsOfWholeMs(l.prompt_ns)},
           {"tokens_predicted_total", "counter",
            "Number of generation tokens processed.",
            AsDouble(l.predicted_tokens)},
           {"tokens_predicted_seconds_total", "counter", "Predict process time",
            SecondsOfWholeMs(l.predicted_ns)},
           {"n_decode_total", "counter", "Total number of llama_decode() calls",
            AsDouble(l.decode_calls)},
           {"n_tokens_max", "counter", "Largest observed n_tokens.",
            AsDouble(l.tokens_max)},
           {"n_busy_slots_per_decode", "counter",
            "Average number of busy slots per llama_decode() call",
            static_cast<double>(busy_per_decode)},
           {"prompt_tokens_seconds", "gauge",
            "Average prompt throughput in tokens/s.",
            Rate(l.bucket_prompt_tokens, l.bucket_prompt_ns)},
           {"predicted_tokens_seconds", "gauge",
            "Average generation throughput in tokens/s.",
            Rate(l.bucket_predicted_tokens, l.bucket_predicted_ns)},
           {"requests_processing", "gauge", "Number of requests processing.",
            AsDouble(m.requests_running)},
           {"requests_deferred", "gauge", "Number of requests deferred.",
            AsDouble(m.requests_waiting)}}) {
    LlamaMetric(out, row);
  }
  return out;
}

std::string RenderTrtllmPrometheus(const ServerMetrics& m,
                                   const SimConfig& config) {
  const std::string labels =
      "model_name=\"undefined\",engine_type=\"undefined\"";
  std::string out;
  AppendRequestSuccess(out, "trtllm_request_success_total", labels, m);
  m.latency.Render(out, labels);
  AppendMetrics(out, labels,
                {{"trtllm_prompt_tokens_total", "counter",
                  "Cumulative number of prompt (input) tokens processed.",
                  AsDouble(m.prompt_tokens_total)},
                 {"trtllm_generation_tokens_total", "counter",
                  "Cumulative number of generation (output) tokens produced.",
                  AsDouble(m.generation_tokens_total)},
                 {"trtllm_kv_cache_utilization", "gauge",
                  "KV cache utilization", KvCacheUsage(m, config)},
                 {"trtllm_num_requests_running", "gauge",
                  "Number of active requests", AsDouble(m.requests_running)},
                 {"trtllm_num_requests_waiting", "gauge",
                  "Number of queued requests", AsDouble(m.requests_waiting)}});
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
    KeyObject(w, "inflightBatchingStats", [&](JsonWriter& w) {
      KeyInt(w, "numContextRequests", 0);
      KeyInt(w, "numCtxTokens", 0);
      KeyInt(w, "numGenRequests", m.requests_running);
      KeyInt(w, "numPausedRequests", 0);
      KeyInt(w, "numScheduledRequests", m.requests_running);
    });
    KeyInt(w, "iter", iteration);
    KeyDouble(w, "iterLatencyMS", config.tpot_ms);
    KeyObject(w, "kvCacheStats", [&](JsonWriter& w) {
      KeyInt(w, "allocNewBlocks", 0);
      KeyInt(w, "allocTotalBlocks", used_blocks);
      KeyDouble(w, "cacheHitRate", 0.0);
      KeyInt(w, "freeNumBlocks", max_blocks - used_blocks);
      KeyInt(w, "maxNumBlocks", max_blocks);
      KeyInt(w, "missedBlocks", 0);
      KeyInt(w, "reusedBlocks", 0);
      KeyInt(w, "tokensPerBlock", kTokensPerBlock);
      KeyInt(w, "usedNumBlocks", used_blocks);
    });
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
