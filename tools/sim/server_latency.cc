// The histogram families of each engine and when each is observed.
#include "tools/sim/server_latency.h"

#include <array>

namespace servebench::sim {
namespace {

// vllm/v1/metrics/loggers.py (PrometheusStatLogger).
constexpr std::array<double, 22> kVllmTtft = {
    0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1,  0.25,  0.5,   0.75,
    1.0,   2.5,   5.0,  7.5,  10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0};
constexpr std::array<double, 19> kVllmTpot = {
    0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2,  0.3,  0.4, 0.5,
    0.75, 1.0,   2.5,  5.0,   7.5, 10.0, 20.0, 40.0, 80.0};
constexpr std::array<double, 21> kRequestLatency = {
    0.3,  0.5,  0.8,  1.0,  1.5,   2.0,   2.5,   5.0,   10.0,   15.0,  20.0,
    30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0};

// python/sglang/srt/metrics/collector.py (TokenizerMetricsCollector and
// SchedulerMetricsCollector defaults).
constexpr std::array<double, 18> kSglangTtft = {
    0.1, 0.2, 0.4, 0.6, 0.8, 1, 2, 4, 6, 8, 10, 20, 40, 60, 80, 100, 200, 400};
constexpr std::array<double, 22> kSglangE2e = {
    0.1, 0.2, 0.4, 0.6, 0.8, 1,   2,   4,   6,    8,    10,
    20,  40,  60,  80,  100, 200, 400, 600, 1200, 1800, 2400};
constexpr std::array<double, 23> kSglangItl = {
    0.002, 0.004, 0.006, 0.008, 0.010, 0.015, 0.020, 0.025,
    0.030, 0.035, 0.040, 0.060, 0.080, 0.100, 0.200, 0.400,
    0.600, 0.800, 1.000, 2.000, 4.000, 6.000, 8.000};
constexpr std::array<double, 36> kSglangQueue = {
    0.0, 0.1, 0.2, 0.5, 1,    2,    3,    4,    5,    10,   15,   20,
    30,  40,  50,  60,  70,   80,   90,   100,  200,  300,  400,  500,
    600, 700, 800, 900, 1000, 1200, 1400, 1600, 1800, 2000, 2500, 3000};

// tensorrt_llm/metrics/collector.py (MetricsCollector defaults); the other
// TensorRT-LLM families reuse vLLM's bounds.
constexpr std::array<double, 18> kTrtllmPrefill = {
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1,  0.25,  0.5,   1.0,
    2.5,   5.0,   10.0, 20.0,  40.0, 80.0, 160.0, 640.0, 2560.0};

}  // namespace

ServerLatency::ServerLatency(Engine engine) : engine_(engine) {
  auto add = [&](std::string name, std::string help,
                 std::span<const double> bounds) {
    families_.push_back(
        Family{std::move(name), std::move(help), PromHistogram(bounds)});
  };
  switch (engine) {
    case Engine::kVllm:
      add("vllm:time_to_first_token_seconds",
          "Histogram of time to first token in seconds.", kVllmTtft);
      add("vllm:time_per_output_token_seconds",
          "Histogram of time per output token in seconds.DEPRECATED: Use "
          "vllm:inter_token_latency_seconds instead.",
          kVllmTpot);
      add("vllm:inter_token_latency_seconds",
          "Histogram of inter-token latency in seconds.", kVllmTpot);
      add("vllm:e2e_request_latency_seconds",
          "Histogram of e2e request latency in seconds.", kRequestLatency);
      add("vllm:request_queue_time_seconds",
          "Histogram of time spent in WAITING phase for request.",
          kRequestLatency);
      add("vllm:request_inference_time_seconds",
          "Histogram of time spent in RUNNING phase for request.",
          kRequestLatency);
      add("vllm:request_prefill_time_seconds",
          "Histogram of time spent in PREFILL phase for request.",
          kRequestLatency);
      add("vllm:request_decode_time_seconds",
          "Histogram of time spent in DECODE phase for request.",
          kRequestLatency);
      break;
    case Engine::kSglang:
      add("sglang:time_to_first_token_seconds",
          "Histogram of time to first token in seconds.", kSglangTtft);
      add("sglang:inter_token_latency_seconds",
          "Histogram of inter-token latency in seconds.", kSglangItl);
      add("sglang:e2e_request_latency_seconds",
          "Histogram of End-to-end request latency in seconds", kSglangE2e);
      add("sglang:queue_time_seconds", "Histogram of queueing time in seconds.",
          kSglangQueue);
      break;
    case Engine::kTrtllm:
      add("trtllm_e2e_request_latency_seconds",
          "Histogram of end to end request latency in seconds.",
          kRequestLatency);
      add("trtllm_time_to_first_token_seconds",
          "Histogram of time to first token in seconds.", kVllmTtft);
      add("trtllm_time_per_output_token_seconds",
          "Histogram of time per output token in seconds.", kVllmTpot);
      add("trtllm_request_queue_time_seconds",
          "Histogram of time spent in WAITING phase for request.",
          kRequestLatency);
      add("trtllm_request_prefill_time_seconds",
          "Histogram of prefill (context) phase duration in seconds "
          "(first_token_time - first_scheduled_time).",
          kTrtllmPrefill);
      add("trtllm_request_decode_time_seconds",
          "Histogram of decode (generation) phase duration in seconds "
          "(last_token_time - first_token_time).",
          kRequestLatency);
      add("trtllm_request_inference_time_seconds",
          "Histogram of total inference duration in seconds "
          "(last_token_time - first_scheduled_time).",
          kRequestLatency);
      break;
    case Engine::kLlamaCpp:
      break;
  }
}

PromHistogram* ServerLatency::Get(std::string_view name) {
  for (Family& family : families_) {
    if (family.name == name) return &family.histogram;
  }
  return nullptr;
}

const PromHistogram* ServerLatency::Find(std::string_view name) const {
  for (const Family& family : families_) {
    if (family.name == name) return &family.histogram;
  }
  return nullptr;
}

void ServerLatency::OnFirstToken(int64_t ttft_ns, int64_t queue_ns) {
  switch (engine_) {
    case Engine::kVllm:
      Get("vllm:time_to_first_token_seconds")->Observe(ttft_ns);
      break;
    case Engine::kSglang:
      Get("sglang:time_to_first_token_seconds")->Observe(ttft_ns);
      Get("sglang:queue_time_seconds")->Observe(queue_ns);
      break;
    default:
      break;
  }
}

void ServerLatency::OnStep(int64_t gap_ns, int64_t tokens) {
  switch (engine_) {
    case Engine::kVllm:
      Get("vllm:time_per_output_token_seconds")->Observe(gap_ns);
      Get("vllm:inter_token_latency_seconds")->Observe(gap_ns);
      break;
    case Engine::kSglang:
      Get("sglang:inter_token_latency_seconds")->ObserveSpread(gap_ns, tokens);
      break;
    default:
      break;
  }
}

void ServerLatency::OnFinished(const RequestPhases& p) {
  const int64_t prefill = p.first_token_ns - p.queue_ns;
  const int64_t decode = p.last_token_ns - p.first_token_ns;
  const int64_t inference = p.last_token_ns - p.queue_ns;
  switch (engine_) {
    case Engine::kVllm:
      Get("vllm:e2e_request_latency_seconds")->Observe(p.last_token_ns);
      Get("vllm:request_queue_time_seconds")->Observe(p.queue_ns);
      Get("vllm:request_inference_time_seconds")->Observe(inference);
      Get("vllm:request_prefill_time_seconds")->Observe(prefill);
      Get("vllm:request_decode_time_seconds")->Observe(decode);
      break;
    case Engine::kSglang:
      Get("sglang:e2e_request_latency_seconds")->Observe(p.last_token_ns);
      break;
    case Engine::kTrtllm: {
      // The collector skips zero values (Python's walrus on a float),
      // except for the queue time, which it logs whenever it is present.
      auto nonzero = [&](std::string_view name, int64_t ns) {
        if (ns != 0) Get(name)->Observe(ns);
      };
      nonzero("trtllm_e2e_request_latency_seconds", p.last_token_ns);
      nonzero("trtllm_time_to_first_token_seconds", p.first_token_ns);
      if (p.tokens > 1) {
        nonzero("trtllm_time_per_output_token_seconds",
                decode / (p.tokens - 1));
      }
      Get("trtllm_request_queue_time_seconds")->Observe(p.queue_ns);
      nonzero("trtllm_request_prefill_time_seconds", prefill);
      nonzero("trtllm_request_decode_time_seconds", decode);
      nonzero("trtllm_request_inference_time_seconds", inference);
      break;
    }
    case Engine::kLlamaCpp:
      break;
  }
}

void ServerLatency::Render(std::string& out, std::string_view labels) const {
  for (const Family& family : families_) {
    family.histogram.Render(out, family.name, family.help, labels);
  }
}

}  // namespace servebench::sim
