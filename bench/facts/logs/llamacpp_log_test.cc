// llama.cpp log parsing, checked against real log excerpts
// (testdata/llamacpp_*.log). Figures are MiB / 1024, worked out by hand.
#include <string>

#include "bench/facts/logs/facts_matchers.h"
#include "bench/facts/logs/fixture_text.h"
#include "bench/facts/logs/server_facts.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::server_logs {
namespace {

TEST(LlamaCppLogTest, Server2024WholeLog) {
  // Last start: the "build info" JSON line (Source B). Weights from Source
  // C: 22994.45 + 12633.25 + 8652.00 = 44279.70 MiB; KV from Source E's
  // "KV self size = 1166.62 MiB". The slot's "max context" is before it.
  EXPECT_THAT(ParseServerLog(FixtureLog("llamacpp_server_2024.log")),
              FactsAre(ServerFacts{.engine = Engine::kLlamaCpp,
                                   .model_memory_gib = 44279.70 / 1024,
                                   .kv_cache_gib = 1166.62 / 1024}));
}

TEST(LlamaCppLogTest, KvSelfSizeAndSlotContext) {
  EXPECT_THAT(
      ParseServerLog(FixtureExcerpt("llamacpp_server_2024.log", "Source A")),
      FactsAre(ServerFacts{.engine = Engine::kLlamaCpp,
                           .kv_cache_gib = 160.0 / 1024,
                           .kv_cache_tokens = 512,
                           .max_model_len = 512}));
}

TEST(LlamaCppLogTest, ContextGivesKvTokensWhenNoCellsLineDoes) {
  // Source A of the 2025 log states both: n_ctx 49152 and a non-SWA cache
  // of 49152 cells. Without the cache lines (a server logging below info),
  // n_ctx alone gives the same figure.
  const std::string excerpt =
      FixtureExcerpt("llamacpp_server_2025-2026.log", "Source A");
  const std::string context_only =
      excerpt.substr(0, excerpt.find("llama_context:  CUDA_Host"));
  const ServerFacts facts = ParseServerLog(context_only);
  EXPECT_EQ(facts.kv_cache_tokens, 49152);
  EXPECT_EQ(facts.kv_cache_gib, std::nullopt);
  EXPECT_EQ(facts.sources.at("kv_cache_tokens"),
            "llama_context: n_ctx         = 49152");
}

TEST(LlamaCppLogTest, MultiDeviceBuffersAreSummed) {
  // KV self size = 2560.00 MiB = 64 + 1472 + 1024 over three devices.
  const std::string excerpt =
      FixtureExcerpt("llamacpp_server_2024.log", "Source C");
  EXPECT_THAT(ParseServerLog(excerpt),
              FactsAre(ServerFacts{.engine = Engine::kLlamaCpp,
                                   .model_memory_gib = 44279.70 / 1024,
                                   .kv_cache_gib = 2.5}));
  // Without the total line the per-device buffers give the same figure.
  const std::string buffers_only =
      excerpt.substr(0, excerpt.find("llama_new_context_with_model: KV self"));
  EXPECT_THAT(ParseServerLog(buffers_only),
              FactsAre(ServerFacts{.engine = Engine::kLlamaCpp,
                                   .model_memory_gib = 44279.70 / 1024,
                                   .kv_cache_gib = 2.5}));
}

TEST(LlamaCppLogTest, Server2025WholeLogEndsWithANewStart) {
  // The router's child process prints its build line last: a new start
  // with nothing after it.
  EXPECT_THAT(ParseServerLog(FixtureLog("llamacpp_server_2025-2026.log")),
              FactsAre(ServerFacts{.engine = Engine::kLlamaCpp}));
}

TEST(LlamaCppLogTest, IswaCachesAddUpAndKeepNonSwaCells) {
  // 3840 + 7488 = 11328 MiB = 11.0625 GiB; 49152 cells in the non-SWA
  // cache (the SWA cache's 18432 cells are a window, not more context).
  EXPECT_THAT(ParseServerLog(
                  FixtureExcerpt("llamacpp_server_2025-2026.log", "Source A")),
              FactsAre(ServerFacts{.engine = Engine::kLlamaCpp,
                                   .kv_cache_gib = 11.0625,
                                   .kv_cache_tokens = 49152,
                                   .max_model_len = 3072}));
}

TEST(LlamaCppLogTest, UnifiedCacheSizeLine) {
  EXPECT_THAT(ParseServerLog(
                  FixtureExcerpt("llamacpp_server_2025-2026.log", "Source B")),
              FactsAre(ServerFacts{.engine = Engine::kLlamaCpp,
                                   .kv_cache_gib = 0.625,
                                   .kv_cache_tokens = 2048}));
}

TEST(LlamaCppLogTest, LastStartWins) {
  const std::string build =
      R"({"timestamp":1706720633,"level":"INFO","function":"main","line":2427,"message":"build info","build":2036,"commit":"d3bac7d5"})"
      "\n";
  const std::string log =
      build + FixtureExcerpt("llamacpp_server_2024.log", "Source C") + build +
      FixtureExcerpt("llamacpp_server_2025-2026.log", "Source B");
  EXPECT_THAT(ParseServerLog(log),
              FactsAre(ServerFacts{.engine = Engine::kLlamaCpp,
                                   .kv_cache_gib = 0.625,
                                   .kv_cache_tokens = 2048}));
}

}  // namespace
}  // namespace servebench::server_logs
