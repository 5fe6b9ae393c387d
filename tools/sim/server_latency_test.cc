// Tests each engine's latency histograms: which families exist, when each
// is observed and that sums and counts are the exact totals of the phases.
#include "tools/sim/server_latency.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::sim {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kMs = 1'000'000;

// A request: 30 ms queue, first token at 130 ms, three more 20 ms apart.
void Serve(ServerLatency& latency) {
  latency.OnFirstToken(130 * kMs, 30 * kMs);
  latency.OnStep(20 * kMs, 1);
  latency.OnStep(20 * kMs, 1);
  latency.OnStep(20 * kMs, 1);
  latency.OnFinished(RequestPhases{.queue_ns = 30 * kMs,
                                   .first_token_ns = 130 * kMs,
                                   .last_token_ns = 190 * kMs,
                                   .tokens = 4});
}

TEST(ServerLatencyTest, VllmObservesEveryPhaseExactly) {
  ServerLatency latency(Engine::kVllm);
  Serve(latency);
  Serve(latency);
  auto sum = [&](const char* name) {
    const PromHistogram* h = latency.Find(name);
    EXPECT_NE(h, nullptr) << name;
    return h == nullptr ? -1 : h->sum_ns();
  };
  auto count = [&](const char* name) {
    const PromHistogram* h = latency.Find(name);
    return h == nullptr ? -1 : h->count();
  };
  EXPECT_EQ(count("vllm:time_to_first_token_seconds"), 2);
  EXPECT_EQ(sum("vllm:time_to_first_token_seconds"), 260 * kMs);
  // One observation per decode step after the first.
  EXPECT_EQ(count("vllm:inter_token_latency_seconds"), 6);
  EXPECT_EQ(sum("vllm:inter_token_latency_seconds"), 120 * kMs);
  EXPECT_EQ(count("vllm:time_per_output_token_seconds"), 6);
  EXPECT_EQ(sum("vllm:e2e_request_latency_seconds"), 380 * kMs);
  EXPECT_EQ(sum("vllm:request_queue_time_seconds"), 60 * kMs);
  EXPECT_EQ(sum("vllm:request_prefill_time_seconds"), 200 * kMs);
  EXPECT_EQ(sum("vllm:request_decode_time_seconds"), 120 * kMs);
  EXPECT_EQ(sum("vllm:request_inference_time_seconds"), 320 * kMs);
  EXPECT_EQ(count("vllm:request_inference_time_seconds"), 2);
}

TEST(ServerLatencyTest, VllmBucketsAreItsSources) {
  ServerLatency latency(Engine::kVllm);
  std::string out;
  latency.Render(out, "engine=\"0\",model_name=\"m\"");
  EXPECT_THAT(out, HasSubstr("vllm:time_to_first_token_seconds_bucket{"
                             "engine=\"0\",model_name=\"m\",le=\"2560.0\"}"));
  EXPECT_THAT(out, HasSubstr("vllm:inter_token_latency_seconds_bucket{"
                             "engine=\"0\",model_name=\"m\",le=\"0.075\"}"));
  EXPECT_THAT(out, HasSubstr("vllm:e2e_request_latency_seconds_bucket{"
                             "engine=\"0\",model_name=\"m\",le=\"7680.0\"}"));
  EXPECT_THAT(out, HasSubstr("# HELP vllm:time_per_output_token_seconds "
                             "Histogram of time per output token in "
                             "seconds.DEPRECATED: Use "
                             "vllm:inter_token_latency_seconds instead.\n"));
}

TEST(ServerLatencyTest, SglangCountsTokensAndSumsSteps) {
  ServerLatency latency(Engine::kSglang);
  latency.OnFirstToken(100 * kMs, 10 * kMs);
  latency.OnStep(30 * kMs, 3);  // a speculative step of three tokens
  latency.OnFinished(RequestPhases{.queue_ns = 10 * kMs,
                                   .first_token_ns = 100 * kMs,
                                   .last_token_ns = 130 * kMs,
                                   .tokens = 4});
  const PromHistogram* itl = latency.Find("sglang:inter_token_latency_seconds");
  ASSERT_NE(itl, nullptr);
  EXPECT_EQ(itl->count(), 3);
  EXPECT_EQ(itl->sum_ns(), 30 * kMs);
  EXPECT_EQ(latency.Find("sglang:queue_time_seconds")->sum_ns(), 10 * kMs);
  EXPECT_EQ(latency.Find("sglang:e2e_request_latency_seconds")->sum_ns(),
            130 * kMs);
  EXPECT_EQ(latency.Find("vllm:time_to_first_token_seconds"), nullptr);
}

TEST(ServerLatencyTest, TrtllmObservesAtFinishAndSkipsZeros) {
  ServerLatency latency(Engine::kTrtllm);
  latency.OnFirstToken(100 * kMs, 0);  // nothing yet
  EXPECT_EQ(latency.Find("trtllm_time_to_first_token_seconds")->count(), 0);
  // One token: decode time 0 and no TPOT; the queue time 0 still counts.
  latency.OnFinished(RequestPhases{.queue_ns = 0,
                                   .first_token_ns = 100 * kMs,
                                   .last_token_ns = 100 * kMs,
                                   .tokens = 1});
  EXPECT_EQ(latency.Find("trtllm_time_to_first_token_seconds")->count(), 1);
  EXPECT_EQ(latency.Find("trtllm_request_queue_time_seconds")->count(), 1);
  EXPECT_EQ(latency.Find("trtllm_request_decode_time_seconds")->count(), 0);
  EXPECT_EQ(latency.Find("trtllm_time_per_output_token_seconds")->count(), 0);
  // Five tokens over 80 ms of decode: one TPOT observation of 20 ms.
  latency.OnFinished(RequestPhases{.queue_ns = 5 * kMs,
                                   .first_token_ns = 100 * kMs,
                                   .last_token_ns = 180 * kMs,
                                   .tokens = 5});
  const PromHistogram* tpot =
      latency.Find("trtllm_time_per_output_token_seconds");
  EXPECT_EQ(tpot->count(), 1);
  EXPECT_EQ(tpot->sum_ns(), 20 * kMs);
  EXPECT_EQ(latency.Find("trtllm_request_prefill_time_seconds")->sum_ns(),
            100 * kMs + 95 * kMs);
}

TEST(ServerLatencyTest, LlamaCppHasNoHistograms) {
  ServerLatency latency(Engine::kLlamaCpp);
  Serve(latency);
  std::string out;
  latency.Render(out, "");
  EXPECT_EQ(out, "");
}

}  // namespace
}  // namespace servebench::sim
