// Which clock a case gets, and the differences, on hand-made inputs.
#include "bench/facts/clock_comparison.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace servebench {
namespace {

using testing::DoubleNear;
using testing::HasSubstr;
using testing::Optional;

ClockInputs Client() {
  return {
      .client_ttft_ms = 52.5, .client_tpot_ms = 4.04, .measured_requests = 3};
}

TEST(CompareClocksTest, LlamaCppTimingsWinAndGiveTheDifferences) {
  ClockInputs in = Client();
  in.timings_ttft_ms = 50;
  in.timings_tpot_ms = 4;
  in.histograms = ServerClock{.ttft_ms = 1, .requests = 3};
  const ClockComparison c = CompareClocks(in);
  EXPECT_EQ(c.source, "response timings");
  EXPECT_THAT(c.server_ttft_ms, Optional(50.0));
  EXPECT_THAT(c.ttft_overhead_ms, Optional(DoubleNear(2.5, 1e-9)));
  EXPECT_THAT(c.tpot_client_server_pct, Optional(DoubleNear(1.0, 1e-9)));
  EXPECT_FALSE(c.tpot_disagrees);
  EXPECT_TRUE(c.warnings.empty());
}

TEST(CompareClocksTest, HistogramsOfExactlyTheCasesRequests) {
  ClockInputs in = Client();
  ServerClock h{.ttft_ms = 50,
                .tpot_ms = 4,
                .queue_ms = 0.5,
                .e2e_ms = 560,
                .requests = 3,
                .ttft_source = "vllm:time_to_first_token_seconds",
                .tpot_source = "vllm:inter_token_latency_seconds"};
  in.histograms = h;
  const ClockComparison c = CompareClocks(in);
  EXPECT_EQ(c.source,
            "vllm:time_to_first_token_seconds; "
            "vllm:inter_token_latency_seconds");
  const auto named = c.Named();
  EXPECT_THAT(named, testing::Contains(std::pair<std::string, double>(
                         "server_queue_ms", 0.5)));
  EXPECT_THAT(named, testing::Contains(
                         std::pair<std::string, double>("server_e2e_ms", 560)));

  h.requests = 4;  // one more than the case sent
  in.histograms = h;
  const ClockComparison shared = CompareClocks(in);
  EXPECT_EQ(shared.server_ttft_ms, std::nullopt);
  EXPECT_TRUE(shared.Named().empty());
  ASSERT_EQ(shared.warnings.size(), 1u);
  EXPECT_THAT(shared.warnings[0], HasSubstr("saw 4 requests"));
}

TEST(CompareClocksTest, TpotBeyondTheLimitIsAWarning) {
  ClockInputs in = Client();
  in.client_tpot_ms = 4.2;
  in.timings_tpot_ms = 4;
  const ClockComparison c = CompareClocks(in);
  EXPECT_THAT(c.tpot_client_server_pct, Optional(DoubleNear(5, 1e-9)));
  EXPECT_TRUE(c.tpot_disagrees);
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_THAT(c.warnings[0], HasSubstr("5.00% above the server's own 4.000"));
  EXPECT_THAT(c.warnings[0], HasSubstr("tpot_disagreement_limit_pct"));
  in.tpot_limit_pct = 6;
  EXPECT_FALSE(CompareClocks(in).tpot_disagrees);
  // Client faster than the server: below.
  in.client_tpot_ms = 3.6;
  in.tpot_limit_pct = 2;
  EXPECT_THAT(CompareClocks(in).warnings[0], HasSubstr("below"));
}

TEST(CompareClocksTest, NoServerClockNoFigures) {
  const ClockComparison c = CompareClocks(Client());
  EXPECT_TRUE(c.Named().empty());
  EXPECT_TRUE(c.warnings.empty());
  EXPECT_EQ(c.source, "");
}

}  // namespace
}  // namespace servebench
