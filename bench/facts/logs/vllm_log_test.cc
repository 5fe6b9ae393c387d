// vLLM log parsing, checked against real log excerpts (testdata/vllm_*.log).
// Expected figures were worked out by hand from the quoted lines.
#include <string>

#include "bench/facts/logs/facts_matchers.h"
#include "bench/facts/logs/fixture_text.h"
#include "bench/facts/logs/server_facts.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::server_logs {
namespace {

using ::testing::Optional;

// The first `count` lines of a log: the first of two runs pasted together.
std::string FirstLines(const std::string& log, int count) {
  size_t end = 0;
  for (int i = 0; i < count; ++i) {
    const size_t newline = log.find('\n', end);
    if (newline == std::string::npos) return log;
    end = newline + 1;
  }
  return log.substr(0, end);
}

TEST(VllmLogTest, V05WholeLogHasNoFactsAfterItsLastStart) {
  // The version line (Source B) is the last start; only request and stats
  // lines follow it.
  EXPECT_THAT(ParseServerLog(FixtureLog("vllm_v0_0.5.log")),
              FactsAre(ServerFacts{.engine = Engine::kVllm}));
}

TEST(VllmLogTest, V05WeightsInGbAndGpuBlocks) {
  // 10039 blocks x 16 tokens (default block size) = 160624 tokens.
  EXPECT_THAT(ParseServerLog(FixtureExcerpt("vllm_v0_0.5.log", "Source A")),
              FactsAre(ServerFacts{.engine = Engine::kVllm,
                                   .model_memory_gib = 6.1138,
                                   .kv_cache_tokens = 160624}));
}

TEST(VllmLogTest, V06WholeLogTakesTheLastOfRepeatedStartupLines) {
  // No start marker: the whole log is one start and the second profiling
  // run wins. 1478 blocks x 16 = 23648, the same figure vLLM's own warning
  // line prints ("... stored in KV cache (23648)").
  EXPECT_THAT(ParseServerLog(FixtureLog("vllm_v0_0.6.log")),
              FactsAre(ServerFacts{.engine = Engine::kVllm,
                                   .model_memory_gib = 30.7098,
                                   .kv_cache_gib = 2.89,
                                   .gpu_memory_utilization = 0.90,
                                   .max_concurrency = 0.82,
                                   .kv_cache_tokens = 23648,
                                   .max_model_len = 29000}));
}

TEST(VllmLogTest, V06UnprefixedProfilingLines) {
  // "GPU blocks: 1952" lost its "# " in the paste and must still count.
  EXPECT_THAT(ParseServerLog(
                  FirstLines(FixtureExcerpt("vllm_v0_0.6.log", "Source B"), 4)),
              FactsAre(ServerFacts{.engine = Engine::kVllm,
                                   .model_memory_gib = 14.9888,
                                   .kv_cache_gib = 3.81,
                                   .gpu_memory_utilization = 0.90,
                                   .max_concurrency = 1.56,
                                   .kv_cache_tokens = 1952 * 16,
                                   .max_model_len = 20000}));
}

TEST(VllmLogTest, V08WholeLogStartsAtTheLastEngineConfigLine) {
  // The V0 engine config line (Source D) is the last start; it states
  // max_seq_len=4096 and nothing else is printed after it.
  EXPECT_THAT(
      ParseServerLog(FixtureLog("vllm_v0_0.8.log")),
      FactsAre(ServerFacts{.engine = Engine::kVllm, .max_model_len = 4096}));
}

TEST(VllmLogTest, V08MemoryProfilingAndCudaBlocks) {
  // "# cuda blocks: 7191" x 16 = 115056 tokens.
  EXPECT_THAT(ParseServerLog(FixtureExcerpt("vllm_v0_0.8.log", "Source B")),
              FactsAre(ServerFacts{.engine = Engine::kVllm,
                                   .model_memory_gib = 12.55,
                                   .kv_cache_gib = 56.18,
                                   .gpu_memory_utilization = 0.90,
                                   .kv_cache_tokens = 115056}));
}

TEST(VllmLogTest, V08TensorParallelWorkers) {
  EXPECT_THAT(ParseServerLog(FixtureExcerpt("vllm_v0_0.8.log", "Source C")),
              FactsAre(ServerFacts{.engine = Engine::kVllm,
                                   .model_memory_gib = 21.21,
                                   .kv_cache_gib = 1.57,
                                   .gpu_memory_utilization = 0.99}));
}

TEST(VllmLogTest, BlockSizeFromNonDefaultArgsScalesBlocks) {
  const std::string log =
      "INFO 07-17 13:38:58 api_server.py:215] vLLM API server version 0.5.2\n"
      "INFO 07-17 13:38:58 api_server.py:216] args: "
      "{'block_size': 32, 'gpu_memory_utilization': 0.95}\n" +
      FixtureExcerpt("vllm_v0_0.5.log", "Source A");
  const ServerFacts facts = ParseServerLog(log);
  EXPECT_THAT(facts.kv_cache_tokens, Optional(10039 * 32));
  EXPECT_THAT(facts.gpu_memory_utilization, Optional(0.95));
}

TEST(VllmLogTest, V1V07BlocksAndConcurrency) {
  // 1381 x 16 = 22096 tokens; 22096 / 2048 = 10.79, as the log says.
  EXPECT_THAT(ParseServerLog(FixtureLog("vllm_v1_0.7.log")),
              FactsAre(ServerFacts{.engine = Engine::kVllm,
                                   .model_memory_gib = 67.7229,
                                   .max_concurrency = 10.79,
                                   .kv_cache_tokens = 22096,
                                   .max_model_len = 2048}));
}

TEST(VllmLogTest, V09WholeLogTakesTheLastRun) {
  // "Starting vLLM API server on" is the readiness line, not a start.
  EXPECT_THAT(ParseServerLog(FixtureLog("vllm_v1_0.9.log")),
              FactsAre(ServerFacts{.engine = Engine::kVllm,
                                   .kv_cache_gib = 26.91,
                                   .cuda_graph_memory_gib = 0.84,
                                   .cuda_graph_capture_s = 14,
                                   .max_concurrency = 6.15,
                                   .kv_cache_tokens = 251920,
                                   .max_model_len = 40960}));
}

TEST(VllmLogTest, V09ThousandsSeparators) {
  EXPECT_THAT(ParseServerLog(FixtureExcerpt("vllm_v1_0.9.log", "Source A")),
              FactsAre(ServerFacts{.engine = Engine::kVllm,
                                   .cuda_graph_memory_gib = 0.45,
                                   .cuda_graph_capture_s = 37,
                                   .max_concurrency = 8.63,
                                   .kv_cache_tokens = 1131008,
                                   .max_model_len = 131072}));
}

TEST(VllmLogTest, V010EagerModeAndProcessPrefixes) {
  EXPECT_THAT(ParseServerLog(FixtureLog("vllm_v1_0.10.log")),
              FactsAre(ServerFacts{.engine = Engine::kVllm,
                                   .model_memory_gib = 2.2845,
                                   .kv_cache_gib = 112.61,
                                   .cuda_graph_memory_gib = 1.64,
                                   .cuda_graph_capture_s = 38,
                                   .max_concurrency = 23.06,
                                   .kv_cache_tokens = 922496,
                                   .max_model_len = 40000,
                                   .cudagraph_mode = "NONE"}));
}

TEST(VllmLogTest, LogRecordAfterTqdmBarOnTheSameLineIsFound) {
  const std::string line =
      "Capturing CUDA graphs (decode, FULL):  97%|#####| 65/67 "
      "[00:15<00:00,  4.58it/s](Worker_TP3_EP3 pid=2709393) INFO 09-29 "
      "09:52:22 [gpu_model_runner.py:3468] Graph capturing finished in 38 "
      "secs, took 1.64 GiB\n";
  const ServerFacts facts = ParseServerLog(line);
  EXPECT_THAT(facts.cuda_graph_memory_gib, Optional(1.64));
  EXPECT_THAT(facts.cudagraph_mode, Optional(std::string("FULL_DECODE_ONLY")));
}

TEST(VllmLogTest, V011WholeLogStartsAtTheLastVersionLine) {
  // From the version line (Source C): non-default args say
  // max_model_len=32768, then Source E's concurrency line says 2,048 and,
  // being later, wins. Graph capture time/memory were printed only in
  // Source A, before the start, so they stay absent.
  EXPECT_THAT(ParseServerLog(FixtureLog("vllm_v1_0.11.log")),
              FactsAre(ServerFacts{.engine = Engine::kVllm,
                                   .model_memory_gib = 2.0513,
                                   .kv_cache_gib = 33.31,
                                   .max_concurrency = 775.22,
                                   .kv_cache_tokens = 1587648,
                                   .max_model_len = 2048,
                                   .cudagraph_mode = "FULL_AND_PIECEWISE"}));
}

TEST(VllmLogTest, V011NonDefaultArgsMaxModelLen) {
  EXPECT_THAT(
      ParseServerLog(FixtureExcerpt("vllm_v1_0.11.log", "Source C")),
      FactsAre(ServerFacts{.engine = Engine::kVllm, .max_model_len = 32768}));
}

TEST(VllmLogTest, V011ModelLoadingWithoutMemoryWord) {
  const ServerFacts facts =
      ParseServerLog(FixtureExcerpt("vllm_v1_0.11.log", "Source B"));
  EXPECT_THAT(facts, FactsAre(ServerFacts{.engine = Engine::kVllm,
                                          .model_memory_gib = 5.2076}));
  EXPECT_EQ(facts.sources.at("model_memory_gib"),
            "(EngineCore_DP0 pid=1980) INFO 11-01 17:36:47 "
            "[gpu_model_runner.py:2653] Model loading took 5.2076 GiB and "
            "5.149193 seconds");
}

TEST(VllmLogTest, LastStartWins) {
  const std::string version =
      "(APIServer pid=2436) INFO 11-02 23:54:17 [api_server.py:1839] vLLM "
      "API server version 0.11.0\n";
  const std::string log =
      version + FixtureExcerpt("vllm_v1_0.11.log", "Source A") + version +
      FixtureExcerpt("vllm_v1_0.11.log", "Source E");
  // The first start's graph capture figures must not leak into the second.
  EXPECT_THAT(ParseServerLog(log),
              FactsAre(ServerFacts{.engine = Engine::kVllm,
                                   .model_memory_gib = 2.0513,
                                   .kv_cache_gib = 33.31,
                                   .max_concurrency = 775.22,
                                   .kv_cache_tokens = 1587648,
                                   .max_model_len = 2048,
                                   .cudagraph_mode = "FULL_AND_PIECEWISE"}));
  // And in the other order the first start's figures are reported.
  EXPECT_THAT(
      ParseServerLog(version + FixtureExcerpt("vllm_v1_0.11.log", "Source E") +
                     version + FixtureExcerpt("vllm_v1_0.11.log", "Source A")),
      FactsAre(ServerFacts{.engine = Engine::kVllm,
                           .kv_cache_gib = 16.23,
                           .cuda_graph_memory_gib = 0.95,
                           .cuda_graph_capture_s = 7,
                           .max_concurrency = 6.49,
                           .kv_cache_tokens = 425424,
                           .max_model_len = 65536}));
}

TEST(VllmLogTest, V2026WholeLog) {
  // No start marker in the file. Last values: weights from Source N, KV
  // memory from the kv_cache_memory_bytes line (M), tokens/concurrency from
  // J, utilisation and measured graph memory from K. The estimate in H does
  // not replace the measured pool size from G.
  EXPECT_THAT(ParseServerLog(FixtureLog("vllm_v1_2026.log")),
              FactsAre(ServerFacts{.engine = Engine::kVllm,
                                   .model_memory_gib = 17.7,
                                   .kv_cache_gib = 4.25,
                                   .cuda_graph_memory_gib = 0.09,
                                   .gpu_memory_utilization = 0.92,
                                   .max_concurrency = 1.74,
                                   .kv_cache_tokens = 1823372,
                                   .max_model_len = 1048576,
                                   .cudagraph_mode = "FULL_AND_PIECEWISE"}));
}

TEST(VllmLogTest, V2026ProcessScopedKvMemory) {
  EXPECT_THAT(ParseServerLog(FixtureExcerpt("vllm_v1_2026.log", "Source B")),
              FactsAre(ServerFacts{.engine = Engine::kVllm,
                                   .kv_cache_gib = 37.18,
                                   .max_concurrency = 29.75,
                                   .kv_cache_tokens = 1949520,
                                   .max_model_len = 65536}));
}

TEST(VllmLogTest, V2026GraphProfilingEstimateAndUtilizationFlag) {
  EXPECT_THAT(ParseServerLog(FixtureExcerpt("vllm_v1_2026.log", "Source H")),
              FactsAre(ServerFacts{.engine = Engine::kVllm,
                                   .kv_cache_gib = 111.99,
                                   .cuda_graph_memory_gib = 0.26,
                                   .gpu_memory_utilization = 0.9,
                                   .max_concurrency = 14.00,
                                   .kv_cache_tokens = 229344,
                                   .max_model_len = 16384,
                                   .cudagraph_mode = "FULL_AND_PIECEWISE"}));
}

TEST(VllmLogTest, V2026MemorySummaryLine) {
  EXPECT_THAT(ParseServerLog(FixtureExcerpt("vllm_v1_2026.log", "Source K")),
              FactsAre(ServerFacts{.engine = Engine::kVllm,
                                   .kv_cache_gib = 12.26,
                                   .cuda_graph_memory_gib = 0.09,
                                   .gpu_memory_utilization = 0.92}));
}

TEST(VllmLogTest, V2026KvCacheMemoryBytesAndModelLoadingWordings) {
  EXPECT_THAT(
      ParseServerLog(FixtureExcerpt("vllm_v1_2026.log", "Source M")),
      FactsAre(ServerFacts{.engine = Engine::kVllm, .kv_cache_gib = 4.25}));
  EXPECT_THAT(
      ParseServerLog(FixtureExcerpt("vllm_v1_2026.log", "Source I")),
      FactsAre(ServerFacts{.engine = Engine::kVllm, .model_memory_gib = 7.64}));
  EXPECT_THAT(ParseServerLog(FixtureExcerpt("vllm_v1_2026.log", "Source L")),
              FactsAre(ServerFacts{.engine = Engine::kVllm,
                                   .model_memory_gib = 19.75}));
}

TEST(VllmLogTest, RuntimeStatsAloneGiveTheEngineButNoFacts) {
  // "GPU KV cache usage: 62.8%" is a usage figure, not a size.
  EXPECT_THAT(ParseServerLog(FixtureLog("vllm_runtime_stats.log")),
              FactsAre(ServerFacts{.engine = Engine::kVllm}));
}

}  // namespace
}  // namespace servebench::server_logs
