// SimConfig: every knob of the simulated vLLM server, filled from the command
// line (flags.h) or directly by tests.
//
// Defaults describe a Llama-3-8B-class model on one 80 GiB GPU, so that the
// startup log and /metrics look like a plausible real deployment.
#ifndef SERVEBENCH_TOOLS_SIM_CONFIG_H_
#define SERVEBENCH_TOOLS_SIM_CONFIG_H_

#include <cstdint>
#include <string>

namespace servebench::sim {

// When a chat stream sends its role-only first chunk
// {"role":"assistant","content":""}. vLLM sends it together with the first
// generated token; some clients and proxies see it as soon as the request is
// accepted, which makes a naive TTFT measurement wrong: the benchmark must be
// able to rehearse both.
enum class RoleChunk { kWithFirstToken, kBeforePrefill };

struct SimConfig {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: the kernel picks a free port
  std::string model = "servebench/sim-llama-8b";
  int max_model_len = 8192;

  // Timing model (timing.h): TTFT = ttft_base + prefill cost per prompt token;
  // then one token every tpot. jitter_pct scales each interval by a seeded
  // factor in [1 - jitter_pct/100, 1 + jitter_pct/100].
  double ttft_base_ms = 20;
  double prefill_us_per_token = 50;
  double tpot_ms = 4;
  double jitter_pct = 0;
  uint64_t seed = 1;

  // Fraction of requests without ignore_eos that stop early ("stop").
  double early_stop_fraction = 0.25;

  // /health, /v1/models and the generation endpoints answer 503 until then.
  double startup_delay_s = 0;

  // Only reported (startup log, /metrics); nothing is allocated.
  double model_memory_gib = 44.2;
  double kv_cache_gib = 62.2;
  int64_t kv_cache_tokens = 1131008;
  double gpu_memory_utilization = 0.9;

  RoleChunk role_chunk = RoleChunk::kWithFirstToken;
};

// vLLM V1's KV cache block size; num_gpu_blocks = kv_cache_tokens / this.
inline constexpr int64_t kKvBlockSize = 16;

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_CONFIG_H_
