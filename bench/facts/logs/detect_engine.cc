// Engine detection: which server wrote a log, from phrases only that server
// prints.
#include <array>
#include <initializer_list>
#include <string_view>

#include "bench/facts/logs/engine_parsers.h"
#include "bench/facts/logs/log_scan.h"

namespace servebench::server_logs {
namespace {

struct Signature {
  Engine engine;
  std::initializer_list<std::string_view> phrases;
};

// Phrases are specific enough that one engine's log does not contain
// another's; generic words ("KV cache", "uvicorn") are left out.
const std::array<Signature, 4> kSignatures = {{
    {Engine::kVllm,
     {"vLLM", "vllm", "Loading model weights took", "Model loading took",
      "GPU KV cache size:", "GPU blocks:", "cuda blocks:",
      "Maximum concurrency for", "Avg prompt throughput",
      "SpecDecoding metrics", "Speculative metrics",
      "Available KV cache memory", "Graph capturing finished", "EngineCore",
      "gpu_model_runner", "gpu_worker", "kv_cache_utils",
      "CUDA graph pool memory", "Memory profiling results"}},
    {Engine::kSglang,
     {"Load weight end", "Load weight begin", "KV Cache is allocated",
      "max_total_num_tokens=", "Decode batch", "Prefill batch",
      "fired up and ready to roll", "Capture cuda graph", "Memory pool end",
      "Init torch distributed", "sglang", "SGLang"}},
    {Engine::kTrtllm, {"[TensorRT-LLM]", "[TRT-LLM]"}},
    {Engine::kLlamaCpp,
     {"llama_", "llm_load_", "load_tensors:", "llama server listening",
      "server is listening on", "print_timing", "ggml_", "llama-server"}},
}};

}  // namespace

Engine DetectEngine(std::string_view log) {
  std::array<int, kSignatures.size()> hits{};
  for (std::string_view line : SplitLines(log)) {
    for (size_t i = 0; i < kSignatures.size(); ++i) {
      for (std::string_view phrase : kSignatures[i].phrases) {
        if (line.find(phrase) != std::string_view::npos) {
          ++hits[i];
          break;
        }
      }
    }
  }
  size_t best = 0;
  bool tie = false;
  for (size_t i = 1; i < hits.size(); ++i) {
    if (hits[i] > hits[best]) {
      best = i;
      tie = false;
    } else if (hits[i] == hits[best]) {
      tie = true;
    }
  }
  if (hits[best] == 0 || tie) return Engine::kUnknown;
  return kSignatures[best].engine;
}

}  // namespace servebench::server_logs
