// SimConfig: every knob of the simulated server, filled from the command
// line (flags.h) or directly by tests.
//
// Defaults describe a Llama-3-8B-class model on one 80 GiB GPU, so that the
// startup log and /metrics look like a plausible real deployment.
#ifndef SERVEBENCH_TOOLS_SIM_CONFIG_H_
#define SERVEBENCH_TOOLS_SIM_CONFIG_H_

#include <cstdint>
#include <string>
#include <vector>

namespace servebench::sim {

// When a chat stream sends its role-only first chunk
// {"role":"assistant","content":""}. vLLM sends it together with the first
// generated token; some clients and proxies see it as soon as the request is
// accepted, which makes a naive TTFT measurement wrong: the benchmark must be
// able to rehearse both.
enum class RoleChunk { kWithFirstToken, kBeforePrefill };

// Which delta/message field carries a reasoning model's thinking tokens:
// vLLM <= 0.10 used "reasoning_content", later versions "reasoning", and some
// (2025-11) sent both with the same text.
enum class ReasoningField { kReasoningContent, kReasoning, kBoth };

// Injected failures (fault.h); kNone disables injection.
enum class FaultKind {
  kNone,
  kRefuse,
  kResetBefore,
  kHttp500,
  kHttp503,
  kContext400,
  kStallBefore,
  kStallMid,
  kDisconnectMid,
  kErrorEvent,
  kGarbage,
  kHugeLine,
  kNoUsage,
  kNoDone,
  kNestedEvent,
  kInflatedUsage,
  kInflatedPromptUsage,
};

// The container repeated by a deeply nested hostile document (hostile_json.h):
// [[[...]]] or {"a":{"a":{...}}}.
enum class NestingKind { kArray, kObject };

// Which real server the simulator impersonates (engine.h): its endpoints,
// stream shapes, log lines and /metrics names. vLLM is the default and the
// simulator's original behaviour.
enum class Engine { kVllm, kSglang, kLlamaCpp, kTrtllm };

// Bound of SimConfig::threads.
inline constexpr int kMaxThreads = 64;

struct SimConfig {
  Engine engine = Engine::kVllm;
  std::string host = "127.0.0.1";
  int port = 0;  // 0: the kernel picks a free port
  // Serving threads, each with its own io_context; connections are spread
  // over them round-robin. 1 to kMaxThreads.
  int threads = 1;
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
  // false: the startup log leaves out the lines stating model memory and KV
  // cache size, as a server logging below info level would; the figures
  // are then only in the engine's API (and the DCGM series).
  bool log_memory = true;

  // A DCGM-exporter-like GPU series at GET /dcgm/metrics (power_model.h):
  // each of `gpus` GPUs draws gpu_idle_watts plus gpu_watts_per_request for
  // every request in its active phase (admission to last token); energy is
  // the exact integral of that power.
  bool dcgm = false;
  int gpus = 1;
  double gpu_idle_watts = 60;
  double gpu_watts_per_request = 25;
  double gpu_memory_gib = 80;  // framebuffer size, for DCGM_FI_DEV_FB_FREE
  std::string gpu_model_name = "NVIDIA H100 80GB HBM3";

  // Saturation (scheduler.h), all off by default. max_num_seqs > 0 caps the
  // requests running at once (others wait in arrival order); kv_admission
  // also makes a request wait until prompt + max_tokens fit in
  // kv_cache_tokens beside the running ones; batch_tpot_alpha makes every
  // decode step of a request admitted with R requests running (itself
  // included) take tpot_ms * (1 + batch_tpot_alpha * (R - 1)).
  int64_t max_num_seqs = 0;
  bool kv_admission = false;
  double batch_tpot_alpha = 0;

  RoleChunk role_chunk = RoleChunk::kWithFirstToken;

  // Seconds between the log's lateness summaries (lateness.h), written only
  // for intervals with traffic; 0: only the one at shutdown.
  double lateness_log_s = 10;

  // Speculative decoding (spec_decode.h): each decode step proposes
  // spec_tokens draft tokens, accepted one after another with probability
  // spec_acceptance until the first rejection. 0 disables it.
  int spec_tokens = 0;
  double spec_acceptance = 0.7;

  // Automatic prefix caching (prefix_cache.h). Off by default here so the
  // timing of repeated prompts stays simple; vLLM V1 enables it by default.
  bool prefix_cache = false;
  int64_t prefix_cache_tokens = 1000000;

  // Reasoning model: the first reasoning_tokens generated tokens of a chat
  // response are thinking, sent in `reasoning_field`. 0 disables it.
  int64_t reasoning_tokens = 0;
  ReasoningField reasoning_field = ReasoningField::kReasoningContent;

  // Treat every request as if ignore_eos were false.
  bool ignore_ignore_eos = false;
  // Top-level request fields answered with a 400 "<field> is not supported".
  std::vector<std::string> reject_fields;

  // Fault injection (fault.h): `fault` hits the completion requests chosen by
  // fault_rate (seeded fraction) or fault_every (every Nth, 1-based).
  FaultKind fault = FaultKind::kNone;
  double fault_rate = 0;
  int64_t fault_every = 0;
  double fault_stall_s = 10;

  // Hostile answers, off by default (hostile_json.h). nesting_depth and
  // nesting_kind shape both the nested /v1/models answer (models_nested) and
  // the event of the nested-event fault.
  bool models_nested = false;
  int64_t nesting_depth = 100000;
  NestingKind nesting_kind = NestingKind::kArray;
  // JSON number text written verbatim as /v1/models' max_model_len (only
  // there: requests are still checked against max_model_len). Empty: the
  // real max_model_len.
  std::string advertised_max_model_len;
};

// vLLM V1's KV cache block size; num_gpu_blocks = kv_cache_tokens / this.
inline constexpr int64_t kKvBlockSize = 16;

// Bounds of SimConfig::gpus and ::max_num_seqs.
inline constexpr int kMaxGpus = 64;
inline constexpr int64_t kMaxNumSeqs = 1 << 20;

// Whether any saturation knob is set, i.e. requests go through the
// scheduler.
inline bool SaturationEnabled(const SimConfig& config) {
  return config.max_num_seqs > 0 || config.kv_admission ||
         config.batch_tpot_alpha > 0;
}

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_CONFIG_H_
