// The Prometheus and JSON metrics of the SGLang, llama.cpp and TensorRT-LLM
// personalities: names and help texts from their sources (llama.cpp's from
// a real scrape in testdata/fixtures), values from ServerMetrics.
#include "tools/sim/engine_metrics.h"

#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/files.h"
#include "tools/sim/test_json.h"

namespace servebench::sim {
namespace {

using ::testing::HasSubstr;
using testing::JsonShows;
using testing::ParseJson;

SimConfig Config(Engine engine) {
  return {.engine = engine,
          .model = "m",
          .model_memory_gib = 1,
          .kv_cache_gib = 0.5,
          .kv_cache_tokens = 1000};
}

ServerMetrics Metrics(Engine engine) {
  return {.requests_running = 2,
          .requests_waiting = 1,
          .kv_tokens_in_use = 250,
          .prompt_tokens_total = 1200,
          .generation_tokens_total = 345,
          .finished_length = 7,
          .finished_stop = 2,
          .latency = ServerLatency(engine)};
}

TEST(EngineMetricsTest, SglangSeries) {
  const std::string text =
      RenderSglangMetrics(Metrics(Engine::kSglang), Config(Engine::kSglang));
  const std::string labels = "{model_name=\"m\"}";
  for (const std::string& expected : std::vector<std::string>{
           "# TYPE sglang:prompt_tokens_total counter\n",
           "sglang:prompt_tokens_total" + labels + " 1200.0\n",
           "sglang:generation_tokens_total" + labels + " 345.0\n",
           "sglang:num_requests_total" + labels + " 9.0\n",
           "sglang:num_running_reqs" + labels + " 2.0\n",
           "sglang:num_queue_reqs" + labels + " 1.0\n",
           "sglang:token_usage" + labels + " 0.25\n",
           "sglang:max_total_num_tokens" + labels + " 1000.0\n",
           "# TYPE sglang:time_to_first_token_seconds histogram\n",
           "sglang:inter_token_latency_seconds_bucket{"
           "model_name=\"m\",le=\"0.002\"} 0.0\n",
       }) {
    EXPECT_THAT(text, HasSubstr(expected));
  }
}

// The names, help texts and types llama-server printed in a real scrape
// (testdata/fixtures/metrics_names_and_samples.txt, from ik_llama.cpp PR
// 695, same names as upstream) appear word for word.
TEST(EngineMetricsTest, LlamaCppHelpLinesAreTheScrapedOnes) {
  const std::string fixture = test::ReadFileOrFail(
      "tools/sim/testdata/fixtures/metrics_names_and_samples.txt");
  ServerMetrics m = Metrics(Engine::kLlamaCpp);
  const std::string text = RenderLlamaCppMetrics(m, Config(Engine::kLlamaCpp));
  std::istringstream in(fixture);
  int checked = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("# HELP llamacpp:", 0) == 0 ||
        line.rfind("# TYPE llamacpp:", 0) == 0) {
      EXPECT_THAT(text, HasSubstr(line + "\n"));
      ++checked;
    }
  }
  EXPECT_EQ(checked, 8);
}

TEST(EngineMetricsTest, LlamaCppValues) {
  ServerMetrics m = Metrics(Engine::kLlamaCpp);
  m.llama.prompt_tokens = 6886;
  m.llama.prompt_ns = 2'903'630'900'000;  // 2903630.9 ms -> 2903.63 s
  m.llama.predicted_tokens = 3469;
  m.llama.predicted_ns = 3'544'270'000'000;
  m.llama.decode_calls = 3;
  m.llama.busy_slots = 4;
  m.llama.tokens_max = 2048;
  m.llama.bucket_predicted_tokens = 100;
  m.llama.bucket_predicted_ns = 2'000'000'000;  // 50 tokens/s
  const std::string text = RenderLlamaCppMetrics(m, Config(Engine::kLlamaCpp));
  for (const std::string& expected : std::vector<std::string>{
           "\nllamacpp:prompt_tokens_total 6886\n",
           "\nllamacpp:prompt_seconds_total 2903.63\n",
           "\nllamacpp:tokens_predicted_total 3469\n",
           "\nllamacpp:tokens_predicted_seconds_total 3544.27\n",
           "\nllamacpp:n_decode_total 3\n",
           "\nllamacpp:n_busy_slots_per_decode 1.33333\n",
           "\nllamacpp:n_tokens_max 2048\n",
           "\nllamacpp:prompt_tokens_seconds 0\n",
           "\nllamacpp:predicted_tokens_seconds 50\n",
           "\nllamacpp:requests_processing 2\n",
           "\nllamacpp:requests_deferred 1\n",
       }) {
    EXPECT_THAT(text, HasSubstr(expected));
  }
  // Every family the real server exposes, none of the removed KV ones.
  EXPECT_THAT(text, ::testing::Not(HasSubstr("kv_cache")));
}

TEST(EngineMetricsTest, TrtllmPrometheus) {
  const std::string text =
      RenderTrtllmPrometheus(Metrics(Engine::kTrtllm), Config(Engine::kTrtllm));
  const std::string labels =
      "model_name=\"undefined\",engine_type=\"undefined\"";
  for (const std::string& expected : std::vector<std::string>{
           "trtllm_request_success_total{" + labels +
               ",finished_reason=\"length\"} 7.0\n",
           "trtllm_prompt_tokens_total{" + labels + "} 1200.0\n",
           "trtllm_kv_cache_utilization{" + labels + "} 0.25\n",
           "# TYPE trtllm_time_to_first_token_seconds histogram\n",
           "trtllm_num_requests_waiting{" + labels + "} 1.0\n",
       }) {
    EXPECT_THAT(text, HasSubstr(expected));
  }
}

TEST(EngineMetricsTest, TrtllmIterationStatsJson) {
  const std::string json =
      TrtllmIterationStats(Metrics(Engine::kTrtllm), Config(Engine::kTrtllm),
                           12, "11-30-2025 11:18:05");
  auto doc = ParseJson(json);
  ASSERT_FALSE(doc.HasParseError()) << json;
  ASSERT_TRUE(doc.IsArray());
  EXPECT_THAT(json,
              JsonShows({{"/0/iter", "12"},
                         {"/0/numActiveRequests", "2"},
                         {"/0/numQueuedRequests", "1"},
                         {"/0/numCompletedRequests", "9"},
                         // 1.5 GiB of weights and KV cache.
                         {"/0/gpuMemUsage", "1610612736"},
                         {"/0/kvCacheStats/maxNumBlocks", "31"},  // 1000 / 32
                         {"/0/kvCacheStats/usedNumBlocks", "8"},  // 250 / 32 up
                         {"/0/kvCacheStats/tokensPerBlock", "32"},
                         {"/0/timestamp", "11-30-2025 11:18:05"}}));
  // nlohmann::json without ordering sorts keys: they come alphabetically.
  std::string previous;
  for (const auto& member : doc[0].GetObject()) {
    EXPECT_LT(previous, std::string(member.name.GetString()));
    previous = member.name.GetString();
  }
}

TEST(EngineMetricsTest, StreamDoubleIsCppStreamOutput) {
  EXPECT_EQ(StreamDouble(6886), "6886");
  EXPECT_EQ(StreamDouble(2903.63), "2903.63");
  EXPECT_EQ(StreamDouble(1234567), "1.23457e+06");
  EXPECT_EQ(StreamDouble(0), "0");
}

}  // namespace
}  // namespace servebench::sim
