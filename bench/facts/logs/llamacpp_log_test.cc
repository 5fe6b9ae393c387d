// llama.cpp log parsing on excerpts cut short in the test. Whole fixtures
// and excerpts are checked in fixture_facts_test.cc.
#include <string>

#include "bench/facts/logs/facts_matchers.h"
#include "bench/facts/logs/fixture_text.h"
#include "bench/facts/logs/server_facts.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::server_logs {
namespace {

// The lines of `log` before the first line containing `marker`.
std::string LinesBefore(const std::string& log, const std::string& marker) {
  return log.substr(0, log.find(marker));
}

TEST(LlamaCppLogTest, ContextGivesKvTokensWhenNoCellsLineDoes) {
  // Source A of the 2025 log states both: n_ctx 49152 and a non-SWA cache
  // of 49152 cells. Without the cache lines (a server logging below info),
  // n_ctx alone gives the same figure.
  const ServerFacts facts = ParseServerLog(
      LinesBefore(FixtureExcerpt("llamacpp_server_2025-2026.log", "Source A"),
                  "llama_context:  CUDA_Host"));
  EXPECT_EQ(facts.kv_cache_tokens, 49152);
  EXPECT_EQ(facts.kv_cache_gib, std::nullopt);
  EXPECT_EQ(facts.sources.at("kv_cache_tokens"),
            "llama_context: n_ctx         = 49152");
}

TEST(LlamaCppLogTest, MultiDeviceBuffersAreSummed) {
  // KV self size = 2560.00 MiB = 64 + 1472 + 1024 over three devices.
  const ServerFacts summed{.engine = Engine::kLlamaCpp,
                           .model_memory_gib = 44279.70 / 1024,
                           .kv_cache_gib = 2.5};
  const std::string excerpt =
      FixtureExcerpt("llamacpp_server_2024.log", "Source C");
  EXPECT_THAT(ParseServerLog(excerpt), FactsAre(summed));
  // Without the total line the per-device buffers give the same figure.
  EXPECT_THAT(ParseServerLog(LinesBefore(
                  excerpt, "llama_new_context_with_model: KV self")),
              FactsAre(summed));
}

}  // namespace
}  // namespace servebench::server_logs
