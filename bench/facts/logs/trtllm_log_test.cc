// TensorRT-LLM log parsing, checked against real log excerpts
// (testdata/trtllm_*.log). Expected figures were worked out by hand.
#include <string>

#include "bench/facts/logs/facts_matchers.h"
#include "bench/facts/logs/fixture_text.h"
#include "bench/facts/logs/server_facts.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::server_logs {
namespace {

TEST(TrtllmLogTest, CppRuntimeWholeLog) {
  // Last KV line: "Max tokens in paged KV cache: 38400. Allocating
  // 5033164800 bytes." = 4.6875 GiB exactly; maxSequenceLen from Source G.
  EXPECT_THAT(ParseServerLog(FixtureLog("trtllm_cpp_runtime_2023-2024.log")),
              FactsAre(ServerFacts{.engine = Engine::kTrtllm,
                                   .kv_cache_gib = 4.6875,
                                   .kv_cache_tokens = 38400,
                                   .max_model_len = 1048576}));
}

TEST(TrtllmLogTest, CppRuntimeBytesForKvCache) {
  // 14575206400 B / 2^30 = 13.57421875 GiB; 69524783104 B = 64.75 GiB.
  EXPECT_THAT(ParseServerLog(FixtureExcerpt("trtllm_cpp_runtime_2023-2024.log",
                                            "Source B")),
              FactsAre(ServerFacts{.engine = Engine::kTrtllm,
                                   .kv_cache_gib = 13.57421875,
                                   .kv_cache_tokens = 35584}));
  EXPECT_THAT(ParseServerLog(FixtureExcerpt("trtllm_cpp_runtime_2023-2024.log",
                                            "Source C")),
              FactsAre(ServerFacts{.engine = Engine::kTrtllm,
                                   .kv_cache_gib = 64.75,
                                   .kv_cache_tokens = 132608}));
  EXPECT_THAT(ParseServerLog(FixtureExcerpt("trtllm_cpp_runtime_2023-2024.log",
                                            "Source A")),
              FactsAre(ServerFacts{.engine = Engine::kTrtllm,
                                   .kv_cache_tokens = 10718}));
}

TEST(TrtllmLogTest, PyTorchWholeLog) {
  // The last start is TensorRT-LLM 1.1.0rc3 (Source B); Source C follows
  // without a version line, so its final KV allocation is the last one.
  EXPECT_THAT(ParseServerLog(FixtureLog("trtllm_pytorch_2025.log")),
              FactsAre(ServerFacts{.engine = Engine::kTrtllm,
                                   .model_memory_gib = 63.32,
                                   .kv_cache_gib = 78.30,
                                   .kv_cache_tokens = 3731744,
                                   .max_model_len = 86720}));
}

TEST(TrtllmLogTest, PyTorchFinalKvAllocationWinsOverEstimationPass) {
  // 0.56 GiB (8224 tokens) is the estimation pass; 5.95 GiB (86720) final.
  const ServerFacts facts =
      ParseServerLog(FixtureExcerpt("trtllm_pytorch_2025.log", "Source B"));
  EXPECT_THAT(facts, FactsAre(ServerFacts{.engine = Engine::kTrtllm,
                                          .model_memory_gib = 63.32,
                                          .kv_cache_gib = 5.95,
                                          .kv_cache_tokens = 86720,
                                          .max_model_len = 86720}));
  EXPECT_EQ(facts.sources.at("kv_cache_tokens"),
            "[TensorRT-LLM][INFO] [MemUsageChange] Allocated 5.95 GiB for max "
            "tokens in paged KV cache (86720).");
}

TEST(TrtllmLogTest, RankWeightsLine) {
  EXPECT_THAT(
      ParseServerLog(FixtureExcerpt("trtllm_pytorch_2025.log", "Source A")),
      FactsAre(
          ServerFacts{.engine = Engine::kTrtllm, .model_memory_gib = 8.46}));
}

TEST(TrtllmLogTest, LastStartWins) {
  // Source A starts with its own version line (0.20.0).
  const std::string log =
      FixtureExcerpt("trtllm_pytorch_2025.log", "Source B") +
      FixtureExcerpt("trtllm_pytorch_2025.log", "Source A");
  EXPECT_THAT(ParseServerLog(log),
              FactsAre(ServerFacts{.engine = Engine::kTrtllm,
                                   .model_memory_gib = 8.46}));
}

}  // namespace
}  // namespace servebench::server_logs
