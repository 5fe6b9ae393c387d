// Tests PromHistogram: prometheus_client's bucket rule (value <= bound),
// exact integer sums, SGLang's multi-token observation and the exposition.
#include "tools/sim/prom_histogram.h"

#include <array>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::sim {
namespace {

constexpr std::array<double, 3> kBounds = {0.01, 0.1, 1.0};

TEST(PromHistogramTest, AValueOnABoundCountsInThatBucket) {
  PromHistogram h(kBounds);
  h.Observe(10'000'000);  // exactly 0.01 s
  h.Observe(10'000'001);
  h.Observe(2'000'000'000);  // +Inf
  EXPECT_EQ(h.cumulative(0), 1);
  EXPECT_EQ(h.cumulative(1), 2);
  EXPECT_EQ(h.cumulative(2), 2);
  EXPECT_EQ(h.cumulative(3), 3);
  EXPECT_EQ(h.count(), 3);
  EXPECT_EQ(h.sum_ns(), 2'020'000'001);
}

TEST(PromHistogramTest, SpreadCountsEveryTokenAndSumsTheInterval) {
  PromHistogram h(kBounds);
  // Three tokens in one 0.24 s step: 0.08 s each, all in the 0.1 bucket.
  h.ObserveSpread(240'000'000, 3);
  EXPECT_EQ(h.count(), 3);
  EXPECT_EQ(h.sum_ns(), 240'000'000);
  EXPECT_EQ(h.cumulative(0), 0);
  EXPECT_EQ(h.cumulative(1), 3);
  h.ObserveSpread(5, 0);  // nothing
  EXPECT_EQ(h.count(), 3);
}

TEST(PromHistogramTest, NegativeObservationsCountAsZero) {
  PromHistogram h(kBounds);
  h.Observe(-5);
  EXPECT_EQ(h.sum_ns(), 0);
  EXPECT_EQ(h.cumulative(0), 1);
}

TEST(PromHistogramTest, RendersCumulativeBucketsThenCountThenSum) {
  PromHistogram h(kBounds);
  h.Observe(50'000'000);
  h.Observe(250'000'000);
  std::string out;
  h.Render(out, "x:lat_seconds", "Latency.", "model_name=\"m\"");
  EXPECT_EQ(out,
            "# HELP x:lat_seconds Latency.\n"
            "# TYPE x:lat_seconds histogram\n"
            "x:lat_seconds_bucket{model_name=\"m\",le=\"0.01\"} 0.0\n"
            "x:lat_seconds_bucket{model_name=\"m\",le=\"0.1\"} 1.0\n"
            "x:lat_seconds_bucket{model_name=\"m\",le=\"1.0\"} 2.0\n"
            "x:lat_seconds_bucket{model_name=\"m\",le=\"+Inf\"} 2.0\n"
            "x:lat_seconds_count{model_name=\"m\"} 2.0\n"
            "x:lat_seconds_sum{model_name=\"m\"} 0.3\n");
}

TEST(PromHistogramTest, RendersWithoutLabels) {
  PromHistogram h(kBounds);
  std::string out;
  h.Render(out, "y", "Y.", "");
  EXPECT_THAT(out, ::testing::HasSubstr("y_bucket{le=\"+Inf\"} 0.0\n"));
  EXPECT_THAT(out, ::testing::HasSubstr("\ny_count 0.0\ny_sum 0.0\n"));
}

}  // namespace
}  // namespace servebench::sim
