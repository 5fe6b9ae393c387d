// Tests the Prometheus exposition of the simulator's metrics.
#include "tools/sim/metrics.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::sim {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(MetricsTest, ExposesVllmSeriesWithModelName) {
  SimConfig config;
  config.model = "m";
  ServerMetrics metrics{.requests_running = 3,
                        .requests_waiting = 0,
                        .kv_tokens_in_use = 282752,
                        .prompt_tokens_total = 1200,
                        .generation_tokens_total = 345,
                        .finished_length = 7,
                        .finished_stop = 2};
  std::string text = RenderMetrics(metrics, config);
  const std::string labels = R"({engine="0",model_name="m"})";
  for (const std::string& expected : std::vector<std::string>{
           "vllm:num_requests_running" + labels + " 3.0\n",
           "vllm:num_requests_waiting" + labels + " 0.0\n",
           "vllm:kv_cache_usage_perc" + labels + " 0.25\n",
           "vllm:prompt_tokens_total" + labels + " 1200.0\n",
           "vllm:generation_tokens_total" + labels + " 345.0\n",
           "# TYPE vllm:prompt_tokens_total counter\n",
           "# TYPE vllm:num_requests_running gauge\n",
           R"(finished_reason="stop"} 2.0)",
           R"(vllm:cache_config_info{block_size="16",)",
           R"(num_gpu_blocks="70688"} 1.0)",
       }) {
    EXPECT_THAT(text, HasSubstr(expected));
  }
}

TEST(MetricsTest, KvCacheUsageIsAFractionCappedAtOne) {
  SimConfig config;
  config.kv_cache_tokens = 1000;
  EXPECT_DOUBLE_EQ(KvCacheUsage(ServerMetrics{.kv_tokens_in_use = 250}, config),
                   0.25);
  EXPECT_DOUBLE_EQ(
      KvCacheUsage(ServerMetrics{.kv_tokens_in_use = 5000}, config), 1.0);
  EXPECT_DOUBLE_EQ(KvCacheUsage(ServerMetrics{}, config), 0.0);
}

TEST(MetricsTest, OptionalFamiliesOnlyWhenEnabled) {
  SimConfig config{.model = "m"};
  const ServerMetrics metrics{.prefix_cache_queries = 100,
                              .prefix_cache_hits = 64,
                              .spec = {.drafts = 10,
                                       .draft_tokens = 20,
                                       .accepted = 12,
                                       .accepted_per_position = {8, 4}}};
  std::string plain = RenderMetrics(metrics, config);
  EXPECT_THAT(plain, Not(HasSubstr("prefix_cache_queries")));
  EXPECT_THAT(plain, Not(HasSubstr("spec_decode")));

  config.prefix_cache = true;
  config.spec_tokens = 2;
  std::string text = RenderMetrics(metrics, config);
  const std::string labels = R"({engine="0",model_name="m")";
  for (const std::string& expected : std::vector<std::string>{
           "vllm:prefix_cache_queries_total" + labels + "} 100.0\n",
           "vllm:prefix_cache_hits_total" + labels + "} 64.0\n",
           "# TYPE vllm:prefix_cache_hits_total counter\n",
           "vllm:spec_decode_num_drafts_total" + labels + "} 10.0\n",
           "vllm:spec_decode_num_draft_tokens_total" + labels + "} 20.0\n",
           "vllm:spec_decode_num_accepted_tokens_total" + labels + "} 12.0\n",
           "vllm:spec_decode_num_accepted_tokens_per_pos_total" + labels +
               R"(,position="0"} 8.0)" + "\n",
           "vllm:spec_decode_num_accepted_tokens_per_pos_total" + labels +
               R"(,position="1"} 4.0)" + "\n",
       }) {
    EXPECT_THAT(text, HasSubstr(expected));
  }
}

}  // namespace
}  // namespace servebench::sim
