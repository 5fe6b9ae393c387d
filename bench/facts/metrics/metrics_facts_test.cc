// Metrics facts from the real fixture text and from hand-made scrapes.
#include "bench/facts/metrics/metrics_facts.h"

#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/files.h"

namespace servebench {
namespace {

using ::testing::DoubleEq;
using ::testing::ElementsAre;
using ::testing::Optional;

std::vector<PromSample> Samples(std::string_view text) {
  PromParseOptions options;
  options.lenient = true;  // the fixture has two table-export lines
  auto parsed = ParsePrometheusText(text, options);
  EXPECT_TRUE(parsed.ok()) << parsed.error();
  return parsed.ok() ? parsed->samples : std::vector<PromSample>();
}

std::vector<PromSample> FixtureSamples() {
  return Samples(test::ReadFileOrFail(
      "bench/facts/metrics/testdata/metrics_names_and_samples.txt"));
}

TEST(KvCacheTokensTest, ReadsTheRealCacheConfigLine) {
  // 573 blocks of 16 tokens (Qwen3-32B on vLLM).
  EXPECT_THAT(KvCacheTokensFromCacheConfig(FixtureSamples()), Optional(9168));
}

TEST(KvCacheTokensTest, TakesTheLargestEngineAndSkipsNone) {
  EXPECT_THAT(KvCacheTokensFromCacheConfig(Samples(
                  "vllm:cache_config_info{block_size=\"16\",engine=\"0\","
                  "num_gpu_blocks=\"100\"} 1.0\n"
                  "vllm:cache_config_info{block_size=\"16\",engine=\"1\","
                  "num_gpu_blocks=\"120\"} 1.0\n"
                  "vllm:cache_config_info{block_size=\"16\",engine=\"2\","
                  "num_gpu_blocks=\"None\"} 1.0\n")),
              Optional(1920));
}

TEST(KvCacheTokensTest, AbsentWithoutTheMetricOrItsLabels) {
  EXPECT_EQ(KvCacheTokensFromCacheConfig(Samples("llamacpp:x_total 1\n")),
            std::nullopt);
  EXPECT_EQ(KvCacheTokensFromCacheConfig(
                Samples("vllm:cache_config_info{num_gpu_blocks=\"None\","
                        "block_size=\"16\"} 1.0\n"
                        "vllm:cache_config_info{num_gpu_blocks=\"12\"} 1.0\n"
                        "vllm:cache_config_info{num_gpu_blocks=\"-3\","
                        "block_size=\"16\"} 1.0\n")),
            std::nullopt);
}

TEST(KvCacheUsageTest, IsAPercentOfTheFullestEngine) {
  EXPECT_THAT(KvCacheUsagePct(
                  Samples("vllm:kv_cache_usage_perc{engine=\"0\"} 0.25\n"
                          "vllm:kv_cache_usage_perc{engine=\"1\"} 0.625\n")),
              Optional(DoubleEq(62.5)));
}

TEST(KvCacheUsageTest, PrefersTheNewNameAndFallsBackToTheOld) {
  EXPECT_THAT(KvCacheUsagePct(Samples("vllm:gpu_cache_usage_perc 0.5\n"
                                      "vllm:kv_cache_usage_perc 0.1\n")),
              Optional(DoubleEq(10)));
  EXPECT_THAT(KvCacheUsagePct(Samples("vllm:gpu_cache_usage_perc 0.5\n"
                                      "vllm:cpu_cache_usage_perc 0.9\n")),
              Optional(DoubleEq(50)));
}

TEST(KvCacheUsageTest, AbsentWithoutTheGauge) {
  EXPECT_EQ(KvCacheUsagePct(FixtureSamples()), std::nullopt);
  EXPECT_EQ(KvCacheUsagePct(Samples("vllm:kv_cache_usage_perc NaN\n")),
            std::nullopt);
}

constexpr char kSpecBefore[] =
    "vllm:spec_decode_num_drafts_total{engine=\"0\"} 100.0\n"
    "vllm:spec_decode_num_drafts_total{engine=\"1\"} 100.0\n"
    "vllm:spec_decode_num_draft_tokens_total{engine=\"0\"} 300.0\n"
    "vllm:spec_decode_num_draft_tokens_total{engine=\"1\"} 300.0\n"
    "vllm:spec_decode_num_accepted_tokens_total{engine=\"0\"} 200.0\n"
    "vllm:spec_decode_num_accepted_tokens_total{engine=\"1\"} 200.0\n"
    "vllm:spec_decode_num_accepted_tokens_per_pos_total{engine=\"0\","
    "position=\"0\"} 90.0\n"
    "vllm:spec_decode_num_accepted_tokens_per_pos_total{engine=\"0\","
    "position=\"1\"} 70.0\n"
    "vllm:spec_decode_num_accepted_tokens_per_pos_total{engine=\"0\","
    "position=\"2\"} 40.0\n"
    "vllm:spec_decode_num_accepted_tokens_per_pos_total{engine=\"1\","
    "position=\"0\"} 90.0\n"
    "vllm:spec_decode_num_accepted_tokens_per_pos_total{engine=\"1\","
    "position=\"1\"} 70.0\n"
    "vllm:spec_decode_num_accepted_tokens_per_pos_total{engine=\"1\","
    "position=\"2\"} 40.0\n";

// 100 more drafts of 3 tokens on engine 0 and 100 on engine 1: 600 draft
// tokens, 390 accepted.
constexpr char kSpecAfter[] =
    "vllm:spec_decode_num_drafts_total{engine=\"0\"} 200.0\n"
    "vllm:spec_decode_num_drafts_total{engine=\"1\"} 200.0\n"
    "vllm:spec_decode_num_draft_tokens_total{engine=\"0\"} 600.0\n"
    "vllm:spec_decode_num_draft_tokens_total{engine=\"1\"} 600.0\n"
    "vllm:spec_decode_num_accepted_tokens_total{engine=\"0\"} 400.0\n"
    "vllm:spec_decode_num_accepted_tokens_total{engine=\"1\"} 390.0\n"
    "vllm:spec_decode_num_accepted_tokens_per_pos_total{engine=\"0\","
    "position=\"0\"} 180.0\n"
    "vllm:spec_decode_num_accepted_tokens_per_pos_total{engine=\"0\","
    "position=\"1\"} 140.0\n"
    "vllm:spec_decode_num_accepted_tokens_per_pos_total{engine=\"0\","
    "position=\"2\"} 80.0\n"
    "vllm:spec_decode_num_accepted_tokens_per_pos_total{engine=\"1\","
    "position=\"0\"} 180.0\n"
    "vllm:spec_decode_num_accepted_tokens_per_pos_total{engine=\"1\","
    "position=\"1\"} 130.0\n"
    "vllm:spec_decode_num_accepted_tokens_per_pos_total{engine=\"1\","
    "position=\"2\"} 80.0\n";

TEST(SpecDecodeTest, SumsCountersOverEngines) {
  SpecDecodeCounters c = ReadSpecDecodeCounters(Samples(kSpecBefore));
  EXPECT_THAT(c.num_drafts, Optional(200.0));
  EXPECT_THAT(c.num_draft_tokens, Optional(600.0));
  EXPECT_THAT(c.num_accepted_tokens, Optional(400.0));
  EXPECT_THAT(c.accepted_per_position,
              ElementsAre(std::pair(0, 180.0), std::pair(1, 140.0),
                          std::pair(2, 80.0)));
}

TEST(SpecDecodeTest, DeltaGivesRatesAndMeanAcceptanceLength) {
  auto stats = SpecDecodeDelta(ReadSpecDecodeCounters(Samples(kSpecBefore)),
                               ReadSpecDecodeCounters(Samples(kSpecAfter)));
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->drafts, 200);
  EXPECT_EQ(stats->draft_tokens, 600);
  EXPECT_EQ(stats->accepted_tokens, 390);
  EXPECT_DOUBLE_EQ(stats->acceptance_rate, 0.65);
  EXPECT_THAT(stats->mean_acceptance_length, Optional(DoubleEq(2.95)));
  // Position i: accepted there / drafts; the per-position counts sum to
  // the accepted tokens.
  EXPECT_THAT(stats->per_position_rate,
              ElementsAre(DoubleEq(0.9), DoubleEq(0.65), DoubleEq(0.4)));
}

TEST(SpecDecodeTest, ReadsBareCounterNames) {
  auto stats =
      SpecDecodeDelta(ReadSpecDecodeCounters(
                          Samples("vllm:spec_decode_num_drafts 0\n"
                                  "vllm:spec_decode_num_draft_tokens 0\n"
                                  "vllm:spec_decode_num_accepted_tokens 0\n")),
                      ReadSpecDecodeCounters(Samples(
                          "vllm:spec_decode_num_drafts 10\n"
                          "vllm:spec_decode_num_draft_tokens 40\n"
                          "vllm:spec_decode_num_accepted_tokens 10\n")));
  ASSERT_TRUE(stats);
  EXPECT_DOUBLE_EQ(stats->acceptance_rate, 0.25);
  EXPECT_THAT(stats->mean_acceptance_length, Optional(DoubleEq(2.0)));
  EXPECT_TRUE(stats->per_position_rate.empty());
}

TEST(SpecDecodeTest, AbsentWithoutCountersDraftsOrAfterARestart) {
  const auto before = ReadSpecDecodeCounters(Samples(kSpecBefore));
  // The fixture's server does no speculative decoding (and its per-position
  // lines are _created timestamps, not counts).
  const auto none = ReadSpecDecodeCounters(FixtureSamples());
  EXPECT_EQ(none.num_drafts, std::nullopt);
  EXPECT_TRUE(none.accepted_per_position.empty());
  EXPECT_EQ(SpecDecodeDelta(none, none), std::nullopt);
  EXPECT_EQ(SpecDecodeDelta(before, before), std::nullopt);  // no drafts
  EXPECT_EQ(
      SpecDecodeDelta(ReadSpecDecodeCounters(Samples(kSpecAfter)), before),
      std::nullopt);  // counters went backwards
}

}  // namespace
}  // namespace servebench
