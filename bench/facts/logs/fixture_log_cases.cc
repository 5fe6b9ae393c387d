// The cases of fixture_facts_test: each checked-in log fixture (or excerpt
// of one) with the facts worked out by hand from its quoted lines, one table
// per engine.
#include "bench/facts/logs/fixture_log_cases.h"

namespace servebench::server_logs {
namespace {

// Start lines written for the cases that paste two starts together.
constexpr char kVllmVersionLine[] =
    "(APIServer pid=2436) INFO 11-02 23:54:17 [api_server.py:1839] vLLM "
    "API server version 0.11.0\n";
constexpr char kSglangStartLine[] =
    "[2025-12-23 14:18:00] Init torch distributed begin.\n";
constexpr char kLlamaCppBuildLine[] =
    R"({"timestamp":1706720633,"level":"INFO","function":"main","line":2427,"message":"build info","build":2036,"commit":"d3bac7d5"})"
    "\n";

}  // namespace

std::span<const LogCase> VllmFixtureCases() {
  static const LogCase kCases[] = {
      // The version line (Source B) is the last start; only request and stats
      // lines follow it.
      {"V05WholeLogHasNoFactsAfterItsLastStart",
       {{"vllm_v0_0.5.log"}},
       {.engine = Engine::kVllm}},
      // 10039 blocks x 16 tokens (default block size) = 160624 tokens.
      {"V05WeightsInGbAndGpuBlocks",
       {{"vllm_v0_0.5.log", "Source A"}},
       {.engine = Engine::kVllm,
        .model_memory_gib = 6.1138,
        .kv_cache_tokens = 160624}},
      // No start marker: the whole log is one start and the second profiling
      // run wins. 1478 blocks x 16 = 23648, the same figure vLLM's own warning
      // line prints ("... stored in KV cache (23648)").
      {"V06WholeLogTakesTheLastOfRepeatedStartupLines",
       {{"vllm_v0_0.6.log"}},
       {.engine = Engine::kVllm,
        .model_memory_gib = 30.7098,
        .kv_cache_gib = 2.89,
        .gpu_memory_utilization = 0.90,
        .max_concurrency = 0.82,
        .kv_cache_tokens = 23648,
        .max_model_len = 29000}},
      // The V0 engine config line (Source D) is the last start; it states
      // max_seq_len=4096 and nothing else is printed after it.
      {"V08WholeLogStartsAtTheLastEngineConfigLine",
       {{"vllm_v0_0.8.log"}},
       {.engine = Engine::kVllm, .max_model_len = 4096}},
      // "# cuda blocks: 7191" x 16 = 115056 tokens.
      {"V08MemoryProfilingAndCudaBlocks",
       {{"vllm_v0_0.8.log", "Source B"}},
       {.engine = Engine::kVllm,
        .model_memory_gib = 12.55,
        .kv_cache_gib = 56.18,
        .gpu_memory_utilization = 0.90,
        .kv_cache_tokens = 115056}},
      {"V08TensorParallelWorkers",
       {{"vllm_v0_0.8.log", "Source C"}},
       {.engine = Engine::kVllm,
        .model_memory_gib = 21.21,
        .kv_cache_gib = 1.57,
        .gpu_memory_utilization = 0.99}},
      // 1381 x 16 = 22096 tokens; 22096 / 2048 = 10.79, as the log says.
      {"V1V07BlocksAndConcurrency",
       {{"vllm_v1_0.7.log"}},
       {.engine = Engine::kVllm,
        .model_memory_gib = 67.7229,
        .max_concurrency = 10.79,
        .kv_cache_tokens = 22096,
        .max_model_len = 2048}},
      // "Starting vLLM API server on" is the readiness line, not a start.
      {"V09WholeLogTakesTheLastRun",
       {{"vllm_v1_0.9.log"}},
       {.engine = Engine::kVllm,
        .kv_cache_gib = 26.91,
        .cuda_graph_memory_gib = 0.84,
        .cuda_graph_capture_s = 14,
        .max_concurrency = 6.15,
        .kv_cache_tokens = 251920,
        .max_model_len = 40960}},
      {"V09ThousandsSeparators",
       {{"vllm_v1_0.9.log", "Source A"}},
       {.engine = Engine::kVllm,
        .cuda_graph_memory_gib = 0.45,
        .cuda_graph_capture_s = 37,
        .max_concurrency = 8.63,
        .kv_cache_tokens = 1131008,
        .max_model_len = 131072}},
      {"V010EagerModeAndProcessPrefixes",
       {{"vllm_v1_0.10.log"}},
       {.engine = Engine::kVllm,
        .model_memory_gib = 2.2845,
        .kv_cache_gib = 112.61,
        .cuda_graph_memory_gib = 1.64,
        .cuda_graph_capture_s = 38,
        .max_concurrency = 23.06,
        .kv_cache_tokens = 922496,
        .max_model_len = 40000,
        .cudagraph_mode = "NONE"}},
      // From the version line (Source C): non-default args say
      // max_model_len=32768, then Source E's concurrency line says 2,048 and,
      // being later, wins. Graph capture time/memory were printed only in
      // Source A, before the start, so they stay absent.
      {"V011WholeLogStartsAtTheLastVersionLine",
       {{"vllm_v1_0.11.log"}},
       {.engine = Engine::kVllm,
        .model_memory_gib = 2.0513,
        .kv_cache_gib = 33.31,
        .max_concurrency = 775.22,
        .kv_cache_tokens = 1587648,
        .max_model_len = 2048,
        .cudagraph_mode = "FULL_AND_PIECEWISE"}},
      {"V011NonDefaultArgsMaxModelLen",
       {{"vllm_v1_0.11.log", "Source C"}},
       {.engine = Engine::kVllm, .max_model_len = 32768}},
      {"V011ModelLoadingWithoutMemoryWord",
       {{"vllm_v1_0.11.log", "Source B"}},
       {.engine = Engine::kVllm, .model_memory_gib = 5.2076},
       "model_memory_gib",
       "(EngineCore_DP0 pid=1980) INFO 11-01 17:36:47 "
       "[gpu_model_runner.py:2653] Model loading took 5.2076 GiB and "
       "5.149193 seconds"},
      // No start marker in the file. Last values: weights from Source N, KV
      // memory from the kv_cache_memory_bytes line (M), tokens/concurrency from
      // J, utilisation and measured graph memory from K. The estimate in H does
      // not replace the measured pool size from G.
      {"V2026WholeLog",
       {{"vllm_v1_2026.log"}},
       {.engine = Engine::kVllm,
        .model_memory_gib = 17.7,
        .kv_cache_gib = 4.25,
        .cuda_graph_memory_gib = 0.09,
        .gpu_memory_utilization = 0.92,
        .max_concurrency = 1.74,
        .kv_cache_tokens = 1823372,
        .max_model_len = 1048576,
        .cudagraph_mode = "FULL_AND_PIECEWISE"}},
      {"V2026ProcessScopedKvMemory",
       {{"vllm_v1_2026.log", "Source B"}},
       {.engine = Engine::kVllm,
        .kv_cache_gib = 37.18,
        .max_concurrency = 29.75,
        .kv_cache_tokens = 1949520,
        .max_model_len = 65536}},
      {"V2026GraphProfilingEstimateAndUtilizationFlag",
       {{"vllm_v1_2026.log", "Source H"}},
       {.engine = Engine::kVllm,
        .kv_cache_gib = 111.99,
        .cuda_graph_memory_gib = 0.26,
        .gpu_memory_utilization = 0.9,
        .max_concurrency = 14.00,
        .kv_cache_tokens = 229344,
        .max_model_len = 16384,
        .cudagraph_mode = "FULL_AND_PIECEWISE"}},
      {"V2026MemorySummaryLine",
       {{"vllm_v1_2026.log", "Source K"}},
       {.engine = Engine::kVllm,
        .kv_cache_gib = 12.26,
        .cuda_graph_memory_gib = 0.09,
        .gpu_memory_utilization = 0.92}},
      {"V2026KvCacheMemoryBytes",
       {{"vllm_v1_2026.log", "Source M"}},
       {.engine = Engine::kVllm, .kv_cache_gib = 4.25}},
      {"V2026ModelLoadingTookAnd",
       {{"vllm_v1_2026.log", "Source I"}},
       {.engine = Engine::kVllm, .model_memory_gib = 7.64}},
      {"V2026ModelLoadingTookMemoryAnd",
       {{"vllm_v1_2026.log", "Source L"}},
       {.engine = Engine::kVllm, .model_memory_gib = 19.75}},
      // "GPU KV cache usage: 62.8%" is a usage figure, not a size.
      {"RuntimeStatsAloneGiveTheEngineButNoFacts",
       {{"vllm_runtime_stats.log"}},
       {.engine = Engine::kVllm}},
      // The first start's graph capture figures must not leak into the second.
      {"LastStartWins",
       {{.text = kVllmVersionLine},
        {"vllm_v1_0.11.log", "Source A"},
        {.text = kVllmVersionLine},
        {"vllm_v1_0.11.log", "Source E"}},
       {.engine = Engine::kVllm,
        .model_memory_gib = 2.0513,
        .kv_cache_gib = 33.31,
        .max_concurrency = 775.22,
        .kv_cache_tokens = 1587648,
        .max_model_len = 2048,
        .cudagraph_mode = "FULL_AND_PIECEWISE"}},
      // And in the other order the first start's figures are reported.
      {"LastStartWinsInTheOtherOrder",
       {{.text = kVllmVersionLine},
        {"vllm_v1_0.11.log", "Source E"},
        {.text = kVllmVersionLine},
        {"vllm_v1_0.11.log", "Source A"}},
       {.engine = Engine::kVllm,
        .kv_cache_gib = 16.23,
        .cuda_graph_memory_gib = 0.95,
        .cuda_graph_capture_s = 7,
        .max_concurrency = 6.49,
        .kv_cache_tokens = 425424,
        .max_model_len = 65536}},
  };
  return kCases;
}

std::span<const LogCase> SglangFixtureCases() {
  static const LogCase kCases[] = {
      // No "mem usage=" on Load weight end and no KV size line yet: only token
      // capacity, context length and capture time are stated.
      {"V02AndV04From2024",
       {{"sglang_2024.log"}},
       {.engine = Engine::kSglang,
        .cuda_graph_capture_s = 2.19,
        .kv_cache_tokens = 56524,
        .max_model_len = 32768}},
      {"GpuIdPrefixOfV02",
       {{"sglang_2024.log", "Source: sgl-project/sglang issue #744"}},
       {.engine = Engine::kSglang,
        .kv_cache_tokens = 328021,
        .max_model_len = 32768}},
      // Source J is a new start ("Init torch distributed begin") whose log ends
      // before weights are loaded: nothing from the earlier runs may leak in.
      {"V04WholeLogRestartedWithoutFactsYet",
       {{"sglang_v0.4.x_2025.log"}},
       {.engine = Engine::kSglang}},
      // 54.12 + 54.12 = 108.24 GiB.
      {"KAndVSizesAreSummed",
       {{"sglang_v0.4.x_2025.log", "Source B"}},
       {.engine = Engine::kSglang,
        .model_memory_gib = 8.13,
        .kv_cache_gib = 108.24,
        .kv_cache_tokens = 834615},
       "kv_cache_gib",
       "[2025-03-27 21:33:31 TP0] KV Cache is allocated. #tokens: 834615, "
       "K size: 54.12 GB, V size: 54.12 GB"},
      {"CaptureEndWithMemory",
       {{"sglang_v0.4.x_2025.log", "Source E"}},
       {.engine = Engine::kSglang,
        .cuda_graph_memory_gib = 6.19,
        .cuda_graph_capture_s = 19.50}},
      // Tensor-parallel ranks print the same figure: the last line is taken.
      {"TensorParallelRanksTakeTheLastKvLine",
       {{"sglang_v0.4.x_2025.log", "Source F"}},
       {.engine = Engine::kSglang,
        .kv_cache_gib = 106.62,
        .kv_cache_tokens = 2795207}},
      {"TensorParallelRanksTakeTheLastCaptureLine",
       {{"sglang_v0.4.x_2025.log", "Source G"}},
       {.engine = Engine::kSglang,
        .cuda_graph_memory_gib = 1.00,
        .cuda_graph_capture_s = 11.39}},
      {"LateMaxTotalNumTokensLine",
       {{"sglang_v0.4.x_2025.log", "Source H"}},
       {.engine = Engine::kSglang,
        .cuda_graph_memory_gib = 1.44,
        .cuda_graph_capture_s = 5.92,
        .kv_cache_tokens = 2261377,
        .max_model_len = 128000}},
      {"PiecewiseCaptureIsNotTheCudaGraphCapture",
       {{"sglang_v0.4.x_2025.log", "Source I"}},
       {.engine = Engine::kSglang,
        .kv_cache_tokens = 889384,
        .max_model_len = 128000}},
      // No start marker in the file, so its excerpts read as one start and
      // weights add up over the three model types loaded: 2.33 (Qwen3, Source
      // A) + 3.76 (Qwen3_5Moe, B) + 1.00 (DeepseekV3 NextN, E) = 7.09.
      {"Builds2026WholeLog",
       {{"sglang_2026.log"}},
       {.engine = Engine::kSglang,
        .model_memory_gib = 7.09,
        .kv_cache_gib = 8.30,
        .kv_cache_tokens = 580364,
        .max_model_len = 8192}},
      {"Builds2026ElapsedFieldAndMambaLine",
       {{"sglang_2026.log", "Source B"}},
       {.engine = Engine::kSglang,
        .model_memory_gib = 3.76,
        .kv_cache_gib = 8.30,
        .kv_cache_tokens = 580364,
        .max_model_len = 8192}},
      {"Builds2026PipelineParallelTags",
       {{"sglang_2026.log", "Source A"}},
       {.engine = Engine::kSglang, .model_memory_gib = 2.33}},
      // The file reads as one start: EAGLE3 "Draft model loaded ... mem
      // usage=2.21 GB" (2025-12 sample) + "Load weight end ... mem
      // usage=64.88 GB" (2026-08 sample) = 67.09.
      {"CombinedKvSizeVariant",
       {{"sglang_ready_line_unresolved_citations.log"}},
       {.engine = Engine::kSglang,
        .model_memory_gib = 67.09,
        .kv_cache_gib = 14.37,
        .cuda_graph_capture_s = 7.00,
        .kv_cache_tokens = 1912896}},
      {"CombinedKvSizeVariantAlone",
       {{"sglang_ready_line_unresolved_citations.log", "sample (2026-08-15)"}},
       {.engine = Engine::kSglang,
        .model_memory_gib = 64.88,
        .kv_cache_gib = 14.37,
        .kv_cache_tokens = 1912896}},
      {"LastStartWins",
       {{.text = kSglangStartLine},
        {"sglang_v0.4.x_2025.log", "Source B"},
        {"sglang_v0.4.x_2025.log", "Source H"},
        {.text = kSglangStartLine},
        {"sglang_2026.log", "Source B"}},
       {.engine = Engine::kSglang,
        .model_memory_gib = 3.76,
        .kv_cache_gib = 8.30,
        .kv_cache_tokens = 580364,
        .max_model_len = 8192}},
  };
  return kCases;
}

std::span<const LogCase> TrtllmFixtureCases() {
  static const LogCase kCases[] = {
      // Last KV line: "Max tokens in paged KV cache: 38400. Allocating
      // 5033164800 bytes." = 4.6875 GiB exactly; maxSequenceLen from Source G.
      {"CppRuntimeWholeLog",
       {{"trtllm_cpp_runtime_2023-2024.log"}},
       {.engine = Engine::kTrtllm,
        .kv_cache_gib = 4.6875,
        .kv_cache_tokens = 38400,
        .max_model_len = 1048576}},
      // 14575206400 B / 2^30 = 13.57421875 GiB.
      {"CppRuntimeBytesForKvCache",
       {{"trtllm_cpp_runtime_2023-2024.log", "Source B"}},
       {.engine = Engine::kTrtllm,
        .kv_cache_gib = 13.57421875,
        .kv_cache_tokens = 35584}},
      // 69524783104 B = 64.75 GiB.
      {"CppRuntimeBytesForKvCacheOfV08",
       {{"trtllm_cpp_runtime_2023-2024.log", "Source C"}},
       {.engine = Engine::kTrtllm,
        .kv_cache_gib = 64.75,
        .kv_cache_tokens = 132608}},
      {"CppRuntimeTokensInPagedKvCache",
       {{"trtllm_cpp_runtime_2023-2024.log", "Source A"}},
       {.engine = Engine::kTrtllm, .kv_cache_tokens = 10718}},
      // The last start is TensorRT-LLM 1.1.0rc3 (Source B); Source C follows
      // without a version line, so its final KV allocation is the last one.
      {"PyTorchWholeLog",
       {{"trtllm_pytorch_2025.log"}},
       {.engine = Engine::kTrtllm,
        .model_memory_gib = 63.32,
        .kv_cache_gib = 78.30,
        .kv_cache_tokens = 3731744,
        .max_model_len = 86720}},
      // 0.56 GiB (8224 tokens) is the estimation pass; 5.95 GiB (86720) final.
      {"PyTorchFinalKvAllocationWinsOverEstimationPass",
       {{"trtllm_pytorch_2025.log", "Source B"}},
       {.engine = Engine::kTrtllm,
        .model_memory_gib = 63.32,
        .kv_cache_gib = 5.95,
        .kv_cache_tokens = 86720,
        .max_model_len = 86720},
       "kv_cache_tokens",
       "[TensorRT-LLM][INFO] [MemUsageChange] Allocated 5.95 GiB for max "
       "tokens in paged KV cache (86720)."},
      {"RankWeightsLine",
       {{"trtllm_pytorch_2025.log", "Source A"}},
       {.engine = Engine::kTrtllm, .model_memory_gib = 8.46}},
      // Source A starts with its own version line (0.20.0).
      {"LastStartWins",
       {{"trtllm_pytorch_2025.log", "Source B"},
        {"trtllm_pytorch_2025.log", "Source A"}},
       {.engine = Engine::kTrtllm, .model_memory_gib = 8.46}},
  };
  return kCases;
}

std::span<const LogCase> LlamaCppFixtureCases() {
  static const LogCase kCases[] = {
      // Last start: the "build info" JSON line (Source B). Weights from Source
      // C: 22994.45 + 12633.25 + 8652.00 = 44279.70 MiB; KV from Source E's
      // "KV self size = 1166.62 MiB". The slot's "max context" is before it.
      {"Server2024WholeLog",
       {{"llamacpp_server_2024.log"}},
       {.engine = Engine::kLlamaCpp,
        .model_memory_gib = 44279.70 / 1024,
        .kv_cache_gib = 1166.62 / 1024}},
      {"KvSelfSizeAndSlotContext",
       {{"llamacpp_server_2024.log", "Source A"}},
       {.engine = Engine::kLlamaCpp,
        .kv_cache_gib = 160.0 / 1024,
        .kv_cache_tokens = 512,
        .max_model_len = 512}},
      // The router's child process prints its build line last: a new start
      // with nothing after it.
      {"Server2025WholeLogEndsWithANewStart",
       {{"llamacpp_server_2025-2026.log"}},
       {.engine = Engine::kLlamaCpp}},
      // 3840 + 7488 = 11328 MiB = 11.0625 GiB; 49152 cells in the non-SWA
      // cache (the SWA cache's 18432 cells are a window, not more context).
      {"IswaCachesAddUpAndKeepNonSwaCells",
       {{"llamacpp_server_2025-2026.log", "Source A"}},
       {.engine = Engine::kLlamaCpp,
        .kv_cache_gib = 11.0625,
        .kv_cache_tokens = 49152,
        .max_model_len = 3072}},
      {"UnifiedCacheSizeLine",
       {{"llamacpp_server_2025-2026.log", "Source B"}},
       {.engine = Engine::kLlamaCpp,
        .kv_cache_gib = 0.625,
        .kv_cache_tokens = 2048}},
      {"LastStartWins",
       {{.text = kLlamaCppBuildLine},
        {"llamacpp_server_2024.log", "Source C"},
        {.text = kLlamaCppBuildLine},
        {"llamacpp_server_2025-2026.log", "Source B"}},
       {.engine = Engine::kLlamaCpp,
        .kv_cache_gib = 0.625,
        .kv_cache_tokens = 2048}},
  };
  return kCases;
}

}  // namespace servebench::server_logs
