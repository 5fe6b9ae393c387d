// The server's own clock: the latency histograms a real engine keeps about
// the requests it serves, filled with the simulator's planned (true) times,
// so a client can check what it measures against what the server says.
//
// Per engine, with the names, bucket bounds and observation rules of its
// source (tools/sim/README.md cites each):
//   vLLM V1 (0.11): vllm:time_to_first_token_seconds at the first token;
//     vllm:time_per_output_token_seconds (deprecated) and
//     vllm:inter_token_latency_seconds once per decode step after the first,
//     observing the step's gap; at finish vllm:e2e_request_latency_seconds,
//     vllm:request_queue_time_seconds, vllm:request_inference_time_seconds,
//     vllm:request_prefill_time_seconds, vllm:request_decode_time_seconds.
//   SGLang: sglang:time_to_first_token_seconds and
//     sglang:queue_time_seconds at the first token;
//     sglang:inter_token_latency_seconds per decode step, counting the
//     step's tokens and summing its gap (so _sum/_count is per token);
//     sglang:e2e_request_latency_seconds at finish.
//   TensorRT-LLM (trtllm-serve /prometheus/metrics): all at finish:
//     trtllm_e2e_request_latency_seconds, trtllm_time_to_first_token_seconds,
//     trtllm_time_per_output_token_seconds (the request's mean gap, skipped
//     when 0 as the collector skips falsy values),
//     trtllm_request_queue_time_seconds, trtllm_request_prefill_time_seconds,
//     trtllm_request_decode_time_seconds,
//     trtllm_request_inference_time_seconds.
//   llama.cpp: none (its clock is each response's "timings").
//
// Definitions, from the request's arrival (the end of its HTTP request):
// queue = admission; TTFT = first token; e2e = last token;
// prefill = TTFT - queue; decode = e2e - TTFT; inference = e2e - queue.
#ifndef SERVEBENCH_TOOLS_SIM_SERVER_LATENCY_H_
#define SERVEBENCH_TOOLS_SIM_SERVER_LATENCY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tools/sim/config.h"
#include "tools/sim/prom_histogram.h"

namespace servebench::sim {

// One finished request's phases, in nanoseconds from its arrival.
struct RequestPhases {
  int64_t queue_ns = 0;
  int64_t first_token_ns = 0;
  int64_t last_token_ns = 0;
  int64_t tokens = 0;  // generated
};

class ServerLatency {
 public:
  ServerLatency() : ServerLatency(Engine::kVllm) {}
  explicit ServerLatency(Engine engine);

  void OnFirstToken(int64_t ttft_ns, int64_t queue_ns);
  // A decode step after the first: `gap_ns` since the previous step,
  // `tokens` emitted by it.
  void OnStep(int64_t gap_ns, int64_t tokens);
  void OnFinished(const RequestPhases& phases);

  // The engine's histogram families; `labels` go on every sample.
  void Render(std::string& out, std::string_view labels) const;

  Engine engine() const { return engine_; }

  // Read access for tests: the histogram rendered under `name`, or nullptr.
  const PromHistogram* Find(std::string_view name) const;

 private:
  struct Family {
    std::string name;
    std::string help;
    PromHistogram histogram;
  };
  PromHistogram* Get(std::string_view name);

  Engine engine_;
  std::vector<Family> families_;
};

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_SERVER_LATENCY_H_
