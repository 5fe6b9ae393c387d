#include "bench/base/summary_stats.h"

#include <gtest/gtest.h>

namespace servebench {
namespace {

TEST(SummarizeTest, EmptyHasNoSummary) {
  EXPECT_FALSE(Summarize({}).has_value());
}

TEST(SummarizeTest, SingleSampleHasZeroSpread) {
  auto s = Summarize({41.8});
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->count, 1);
  EXPECT_DOUBLE_EQ(s->mean, 41.8);
  EXPECT_DOUBLE_EQ(s->median, 41.8);
  EXPECT_DOUBLE_EQ(s->min, 41.8);
  EXPECT_DOUBLE_EQ(s->max, 41.8);
  EXPECT_DOUBLE_EQ(s->stddev, 0.0);
}

TEST(SummarizeTest, OddCountUsesMiddleSampleAndSampleStddev) {
  // The seed's own 32K TTFT samples had this kind of spread.
  auto s = Summarize({18942.0, 7737.3, 7768.5});
  ASSERT_TRUE(s.has_value());
  EXPECT_NEAR(s->mean, 11482.6, 1e-9);
  EXPECT_DOUBLE_EQ(s->median, 7768.5);
  EXPECT_DOUBLE_EQ(s->min, 7737.3);
  EXPECT_DOUBLE_EQ(s->max, 18942.0);
  // Sample standard deviation (n - 1), computed by hand.
  EXPECT_NEAR(s->stddev, 6460.0487, 1e-3);
}

TEST(SummarizeTest, EvenCountAveragesMiddlePair) {
  auto s = Summarize({4, 1, 3, 2});
  ASSERT_TRUE(s.has_value());
  EXPECT_DOUBLE_EQ(s->median, 2.5);
  EXPECT_DOUBLE_EQ(s->mean, 2.5);
  EXPECT_NEAR(s->stddev, 1.2909944487, 1e-9);
}

TEST(PercentileTest, LinearInterpolationBetweenRanks) {
  EXPECT_FALSE(Percentile({}, 50).has_value());
  EXPECT_DOUBLE_EQ(*Percentile({5}, 99), 5);
  // Ranks 0..4 for {10,20,30,40,50}: p90 -> rank 3.6 -> 40 + 0.6 * 10.
  EXPECT_DOUBLE_EQ(*Percentile({50, 10, 40, 20, 30}, 90), 46);
  EXPECT_DOUBLE_EQ(*Percentile({50, 10, 40, 20, 30}, 50), 30);
  EXPECT_DOUBLE_EQ(*Percentile({1, 2}, 99), 1.99);
  EXPECT_DOUBLE_EQ(*Percentile({1, 2}, 0), 1);
  EXPECT_DOUBLE_EQ(*Percentile({1, 2}, 100), 2);
}

}  // namespace
}  // namespace servebench
