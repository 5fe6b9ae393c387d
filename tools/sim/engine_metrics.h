// The Prometheus /metrics of the SGLang, llama.cpp and TensorRT-LLM
// personalities (vLLM's is metrics.h), from the same ServerMetrics.
//
//   SGLang  (GET /metrics): sglang:* counters, gauges and the latency
//           histograms (server_latency.h), label model_name only.
//   llama.cpp (GET /metrics): the llamacpp:* counters and gauges, printed
//           as llama-server's std::stringstream prints them (6 significant
//           digits); its throughput gauges cover the window since the
//           previous scrape.
//   TensorRT-LLM (GET /prometheus/metrics): trtllm_* counters, gauges and
//           histograms, labels model_name="undefined",engine_type=
//           "undefined" as trtllm-serve sets them. Its GET /metrics is JSON
//           iteration stats (TrtllmIterationStats).
#ifndef SERVEBENCH_TOOLS_SIM_ENGINE_METRICS_H_
#define SERVEBENCH_TOOLS_SIM_ENGINE_METRICS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "tools/sim/config.h"
#include "tools/sim/metrics.h"

namespace servebench::sim {

std::string RenderSglangMetrics(const ServerMetrics& m,
                                const SimConfig& config);

// The caller resets the bucket_* counters after each scrape.
std::string RenderLlamaCppMetrics(const ServerMetrics& m,
                                  const SimConfig& config);

std::string RenderTrtllmPrometheus(const ServerMetrics& m,
                                   const SimConfig& config);

// GET /metrics of trtllm-serve: a JSON list of iteration statistics
// (nlohmann::json, so keys in alphabetical order). The real server returns
// the iterations queued since the previous call; the simulator returns one
// record describing the present. `iteration` numbers it; `timestamp` is its
// "timestamp" text (its format in the real server is not verified).
std::string TrtllmIterationStats(const ServerMetrics& m,
                                 const SimConfig& config, int64_t iteration,
                                 std::string_view timestamp);

// Bytes of GPU memory the engine holds: weights and KV cache.
int64_t GpuMemoryBytes(const SimConfig& config);

// A number as C++'s default stream output prints it (%g, 6 digits).
std::string StreamDouble(double value);

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_ENGINE_METRICS_H_
