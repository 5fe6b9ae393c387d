// SGLang log parsing, checked against real log excerpts (testdata/sglang_*).
// Expected figures were worked out by hand from the quoted lines.
#include <string>

#include "bench/facts/logs/facts_matchers.h"
#include "bench/facts/logs/fixture_text.h"
#include "bench/facts/logs/server_facts.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::server_logs {
namespace {

TEST(SglangLogTest, V02AndV04From2024) {
  // No "mem usage=" on Load weight end and no KV size line yet: only token
  // capacity, context length and capture time are stated.
  EXPECT_THAT(ParseServerLog(FixtureLog("sglang_2024.log")),
              FactsAre(ServerFacts{.engine = Engine::kSglang,
                                   .cuda_graph_capture_s = 2.19,
                                   .kv_cache_tokens = 56524,
                                   .max_model_len = 32768}));
}

TEST(SglangLogTest, GpuIdPrefixOfV02) {
  EXPECT_THAT(ParseServerLog(FixtureExcerpt(
                  "sglang_2024.log", "Source: sgl-project/sglang issue #744")),
              FactsAre(ServerFacts{.engine = Engine::kSglang,
                                   .kv_cache_tokens = 328021,
                                   .max_model_len = 32768}));
}

TEST(SglangLogTest, V04WholeLogRestartedWithoutFactsYet) {
  // Source J is a new start ("Init torch distributed begin") whose log ends
  // before weights are loaded: nothing from the earlier runs may leak in.
  EXPECT_THAT(ParseServerLog(FixtureLog("sglang_v0.4.x_2025.log")),
              FactsAre(ServerFacts{.engine = Engine::kSglang}));
}

TEST(SglangLogTest, KAndVSizesAreSummed) {
  // 54.12 + 54.12 = 108.24 GiB.
  const ServerFacts facts =
      ParseServerLog(FixtureExcerpt("sglang_v0.4.x_2025.log", "Source B"));
  EXPECT_THAT(facts, FactsAre(ServerFacts{.engine = Engine::kSglang,
                                          .model_memory_gib = 8.13,
                                          .kv_cache_gib = 108.24,
                                          .kv_cache_tokens = 834615}));
  EXPECT_EQ(facts.sources.at("kv_cache_gib"),
            "[2025-03-27 21:33:31 TP0] KV Cache is allocated. #tokens: 834615, "
            "K size: 54.12 GB, V size: 54.12 GB");
}

TEST(SglangLogTest, CaptureEndWithMemory) {
  EXPECT_THAT(
      ParseServerLog(FixtureExcerpt("sglang_v0.4.x_2025.log", "Source E")),
      FactsAre(ServerFacts{.engine = Engine::kSglang,
                           .cuda_graph_memory_gib = 6.19,
                           .cuda_graph_capture_s = 19.50}));
}

TEST(SglangLogTest, TensorParallelRanksTakeTheLastLine) {
  EXPECT_THAT(
      ParseServerLog(FixtureExcerpt("sglang_v0.4.x_2025.log", "Source F")),
      FactsAre(ServerFacts{.engine = Engine::kSglang,
                           .kv_cache_gib = 106.62,
                           .kv_cache_tokens = 2795207}));
  EXPECT_THAT(
      ParseServerLog(FixtureExcerpt("sglang_v0.4.x_2025.log", "Source G")),
      FactsAre(ServerFacts{.engine = Engine::kSglang,
                           .cuda_graph_memory_gib = 1.00,
                           .cuda_graph_capture_s = 11.39}));
}

TEST(SglangLogTest, LateMaxTotalNumTokensLine) {
  EXPECT_THAT(
      ParseServerLog(FixtureExcerpt("sglang_v0.4.x_2025.log", "Source H")),
      FactsAre(ServerFacts{.engine = Engine::kSglang,
                           .cuda_graph_memory_gib = 1.44,
                           .cuda_graph_capture_s = 5.92,
                           .kv_cache_tokens = 2261377,
                           .max_model_len = 128000}));
}

TEST(SglangLogTest, PiecewiseCaptureIsNotTheCudaGraphCapture) {
  EXPECT_THAT(
      ParseServerLog(FixtureExcerpt("sglang_v0.4.x_2025.log", "Source I")),
      FactsAre(ServerFacts{.engine = Engine::kSglang,
                           .kv_cache_tokens = 889384,
                           .max_model_len = 128000}));
}

TEST(SglangLogTest, Builds2026WholeLog) {
  // No start marker in the file, so its excerpts read as one start and
  // weights add up over the three model types loaded: 2.33 (Qwen3, Source
  // A) + 3.76 (Qwen3_5Moe, B) + 1.00 (DeepseekV3 NextN, E) = 7.09.
  EXPECT_THAT(ParseServerLog(FixtureLog("sglang_2026.log")),
              FactsAre(ServerFacts{.engine = Engine::kSglang,
                                   .model_memory_gib = 7.09,
                                   .kv_cache_gib = 8.30,
                                   .kv_cache_tokens = 580364,
                                   .max_model_len = 8192}));
}

TEST(SglangLogTest, Builds2026ElapsedFieldAndMambaLine) {
  EXPECT_THAT(ParseServerLog(FixtureExcerpt("sglang_2026.log", "Source B")),
              FactsAre(ServerFacts{.engine = Engine::kSglang,
                                   .model_memory_gib = 3.76,
                                   .kv_cache_gib = 8.30,
                                   .kv_cache_tokens = 580364,
                                   .max_model_len = 8192}));
  EXPECT_THAT(ParseServerLog(FixtureExcerpt("sglang_2026.log", "Source A")),
              FactsAre(ServerFacts{.engine = Engine::kSglang,
                                   .model_memory_gib = 2.33}));
}

TEST(SglangLogTest, DraftWeightsAddToTargetWeights) {
  // Target 3.76 GiB (Source B) + NextN draft 1.00 GiB on two ranks
  // (Source E): the second rank replaces, so 4.76.
  const std::string log = FixtureExcerpt("sglang_2026.log", "Source B") +
                          FixtureExcerpt("sglang_2026.log", "Source E");
  EXPECT_THAT(ParseServerLog(log).model_memory_gib,
              ::testing::Optional(::testing::DoubleNear(4.76, 1e-9)));
}

TEST(SglangLogTest, CombinedKvSizeVariant) {
  // The file reads as one start: EAGLE3 "Draft model loaded ... mem
  // usage=2.21 GB" (2025-12 sample) + "Load weight end ... mem
  // usage=64.88 GB" (2026-08 sample) = 67.09.
  EXPECT_THAT(
      ParseServerLog(FixtureLog("sglang_ready_line_unresolved_citations.log")),
      FactsAre(ServerFacts{.engine = Engine::kSglang,
                           .model_memory_gib = 67.09,
                           .kv_cache_gib = 14.37,
                           .cuda_graph_capture_s = 7.00,
                           .kv_cache_tokens = 1912896}));
}

TEST(SglangLogTest, CombinedKvSizeVariantAlone) {
  EXPECT_THAT(
      ParseServerLog(FixtureExcerpt(
          "sglang_ready_line_unresolved_citations.log", "sample (2026-08-15)")),
      FactsAre(ServerFacts{.engine = Engine::kSglang,
                           .model_memory_gib = 64.88,
                           .kv_cache_gib = 14.37,
                           .kv_cache_tokens = 1912896}));
}

TEST(SglangLogTest, LastStartWins) {
  const std::string start =
      "[2025-12-23 14:18:00] Init torch distributed begin.\n";
  const std::string first =
      FixtureExcerpt("sglang_v0.4.x_2025.log", "Source B") +
      FixtureExcerpt("sglang_v0.4.x_2025.log", "Source H");
  const std::string second = FixtureExcerpt("sglang_2026.log", "Source B");
  EXPECT_THAT(ParseServerLog(start + first + start + second),
              FactsAre(ServerFacts{.engine = Engine::kSglang,
                                   .model_memory_gib = 3.76,
                                   .kv_cache_gib = 8.30,
                                   .kv_cache_tokens = 580364,
                                   .max_model_len = 8192}));
}

}  // namespace
}  // namespace servebench::server_logs
