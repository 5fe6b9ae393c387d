// Metrics facts from the real fixture text and from hand-made scrapes.
#include "bench/facts/metrics/metrics_facts.h"

#include <fstream>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/files.h"

namespace servebench {
namespace {

using ::testing::DoubleEq;
using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::Optional;

// The facts read the /metrics body itself.
std::string_view Samples(std::string_view text) { return text; }

// The fixture as it is (it has two table-export lines that are not valid
// exposition text: they are skipped).
std::string FixtureSamples() {
  return test::ReadFileOrFail(
      "bench/facts/metrics/testdata/metrics_names_and_samples.txt");
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

TEST(KvCacheUsageTest, ReadsSglangTokenUsage) {
  // SGLang's gauge, as its production_metrics.md shows it.
  EXPECT_THAT(KvCacheUsagePct("sglang:token_usage{model_name=\"meta-llama/"
                              "Llama-3.1-8B-Instruct\"} 0.28\n"),
              Optional(DoubleEq(28)));
}

// Two scrapes of a vLLM server around three requests of 128 output tokens:
// TTFT 0.05 s each, decode 127 x 0.02 s each.
constexpr char kVllmBefore[] =
    "vllm:time_to_first_token_seconds_sum{engine=\"0\"} 1.0\n"
    "vllm:time_to_first_token_seconds_count{engine=\"0\"} 10.0\n"
    "vllm:request_decode_time_seconds_sum{engine=\"0\"} 20.0\n"
    "vllm:request_decode_time_seconds_count{engine=\"0\"} 10.0\n"
    "vllm:inter_token_latency_seconds_sum{engine=\"0\"} 20.0\n"
    "vllm:inter_token_latency_seconds_count{engine=\"0\"} 1000.0\n"
    "vllm:generation_tokens_total{engine=\"0\"} 1010.0\n"
    "vllm:request_queue_time_seconds_sum{engine=\"0\"} 0.0\n"
    "vllm:request_queue_time_seconds_count{engine=\"0\"} 10.0\n";
constexpr char kVllmAfter[] =
    "vllm:time_to_first_token_seconds_sum{engine=\"0\"} 1.15\n"
    "vllm:time_to_first_token_seconds_count{engine=\"0\"} 13.0\n"
    "vllm:request_decode_time_seconds_sum{engine=\"0\"} 27.62\n"
    "vllm:request_decode_time_seconds_count{engine=\"0\"} 13.0\n"
    "vllm:inter_token_latency_seconds_sum{engine=\"0\"} 27.62\n"
    "vllm:inter_token_latency_seconds_count{engine=\"0\"} 1381.0\n"
    "vllm:generation_tokens_total{engine=\"0\"} 1394.0\n"
    "vllm:request_queue_time_seconds_sum{engine=\"0\"} 0.003\n"
    "vllm:request_queue_time_seconds_count{engine=\"0\"} 13.0\n"
    "vllm:e2e_request_latency_seconds_sum{engine=\"0\"} 7.77\n"
    "vllm:e2e_request_latency_seconds_count{engine=\"0\"} 3.0\n";

TEST(ServerClockTest, VllmMeansOverTheRequestsInBetween) {
  auto clock = ServerClockDelta(ReadLatencyTotals(kVllmBefore),
                                ReadLatencyTotals(kVllmAfter));
  ASSERT_TRUE(clock);
  EXPECT_THAT(clock->ttft_ms, Optional(DoubleNear(50, 1e-9)));
  // 7.62 s of decode over 384 - 3 tokens after each request's first.
  EXPECT_THAT(clock->tpot_ms, Optional(DoubleNear(7.62 / 381 * 1000, 1e-9)));
  EXPECT_THAT(clock->tpot_source, testing::HasSubstr("decode_time"));
  EXPECT_THAT(clock->queue_ms, Optional(DoubleNear(1, 1e-9)));
  // First seen in the second scrape: it counted from zero.
  EXPECT_THAT(clock->e2e_ms, Optional(DoubleNear(2590, 1e-9)));
  EXPECT_EQ(clock->prefill_ms, std::nullopt);
  EXPECT_THAT(clock->requests, Optional(3.0));
  EXPECT_EQ(clock->ttft_source, "vllm:time_to_first_token_seconds");
}

TEST(ServerClockTest, VllmWithoutDecodeTimeUsesItsInterTokenHistogram) {
  std::string before = kVllmBefore, after = kVllmAfter;
  for (std::string* text : {&before, &after}) {
    size_t at;
    while ((at = text->find("vllm:request_decode_time")) != std::string::npos) {
      text->erase(at, text->find('\n', at) + 1 - at);
    }
  }
  auto clock =
      ServerClockDelta(ReadLatencyTotals(before), ReadLatencyTotals(after));
  ASSERT_TRUE(clock);
  EXPECT_THAT(clock->tpot_ms, Optional(DoubleNear(7.62 / 381 * 1000, 1e-9)));
  EXPECT_EQ(clock->tpot_source, "vllm:inter_token_latency_seconds");
}

// Another engine's histogram names, two scrapes apart, and the means they
// give (a field left absent here is not checked).
struct EngineClockCase {
  const char* name;  // the test's name: ASCII letters and digits only
  const char* before;
  const char* after;
  double ttft_ms, tpot_ms;
  std::optional<double> queue_ms, prefill_ms;
};

void PrintTo(const EngineClockCase& c, std::ostream* os) { *os << c.name; }

class EngineClockTest : public ::testing::TestWithParam<EngineClockCase> {};

TEST_P(EngineClockTest, ReadsTheEnginesHistogramNames) {
  const EngineClockCase& c = GetParam();
  auto clock =
      ServerClockDelta(ReadLatencyTotals(c.before), ReadLatencyTotals(c.after));
  ASSERT_TRUE(clock);
  EXPECT_THAT(clock->ttft_ms, Optional(DoubleNear(c.ttft_ms, 1e-9)));
  EXPECT_THAT(clock->tpot_ms, Optional(DoubleNear(c.tpot_ms, 1e-9)));
  if (c.queue_ms) {
    EXPECT_THAT(clock->queue_ms, Optional(DoubleNear(*c.queue_ms, 1e-9)));
  }
  if (c.prefill_ms) {
    EXPECT_THAT(clock->prefill_ms, Optional(DoubleNear(*c.prefill_ms, 1e-9)));
  }
}

INSTANTIATE_TEST_SUITE_P(
    ServerClockTest, EngineClockTest,
    ::testing::Values(
        EngineClockCase{
            "Sglang",
            "sglang:time_to_first_token_seconds_sum 0\n"
            "sglang:time_to_first_token_seconds_count 0\n",
            "sglang:time_to_first_token_seconds_sum{model_name=\"m\"} 0.2\n"
            "sglang:time_to_first_token_seconds_count{model_name=\"m\"} 2\n"
            "sglang:inter_token_latency_seconds_sum{model_name=\"m\"} 1.27\n"
            "sglang:inter_token_latency_seconds_count{model_name=\"m\"} 254\n"
            "sglang:queue_time_seconds_sum{model_name=\"m\"} 0.004\n"
            "sglang:queue_time_seconds_count{model_name=\"m\"} 2\n",
            100, 5, 2, std::nullopt},
        EngineClockCase{"Trtllm", "",
                        "trtllm_time_to_first_token_seconds_sum 0.3\n"
                        "trtllm_time_to_first_token_seconds_count 3\n"
                        "trtllm_time_per_output_token_seconds_sum 0.03\n"
                        "trtllm_time_per_output_token_seconds_count 3\n"
                        "trtllm_request_prefill_time_seconds_sum 0.27\n"
                        "trtllm_request_prefill_time_seconds_count 3\n",
                        100, 10, std::nullopt, 90}),
    [](const ::testing::TestParamInfo<EngineClockCase>& info) {
      return std::string(info.param.name);
    });

TEST(ServerClockTest, AbsentWithoutHistogramsObservationsOrAfterARestart) {
  const LatencyTotals before = ReadLatencyTotals(kVllmBefore);
  // llama.cpp exports counters, no latency histograms.
  EXPECT_EQ(ServerClockDelta(ReadLatencyTotals(FixtureSamples()),
                             ReadLatencyTotals(FixtureSamples())),
            std::nullopt);
  EXPECT_EQ(ServerClockDelta(before, before), std::nullopt);  // nothing new
  EXPECT_EQ(ServerClockDelta(ReadLatencyTotals(kVllmAfter), before),
            std::nullopt);  // went backwards
}

}  // namespace
}  // namespace servebench
