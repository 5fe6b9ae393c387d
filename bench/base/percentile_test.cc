// Percentile: hand-computed cases of linear interpolation between ranks.
#include "bench/base/percentile.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace servebench {
namespace {

using testing::DoubleEq;
using testing::Optional;

TEST(PercentileTest, EmptySetHasNoPercentile) {
  EXPECT_EQ(Percentile({}, 50), std::nullopt);
  EXPECT_EQ(ComputeQuantiles({}), std::nullopt);
}

TEST(PercentileTest, SingleSampleIsEveryPercentile) {
  EXPECT_THAT(Percentile({7}, 0), Optional(DoubleEq(7)));
  EXPECT_THAT(Percentile({7}, 99), Optional(DoubleEq(7)));
}

TEST(PercentileTest, InterpolatesBetweenClosestRanks) {
  // Sorted: 10 20 30 40; rank = p/100 * 3.
  const std::vector<double> x = {40, 10, 30, 20};
  EXPECT_THAT(Percentile(x, 0), Optional(DoubleEq(10)));
  EXPECT_THAT(Percentile(x, 100), Optional(DoubleEq(40)));
  EXPECT_THAT(Percentile(x, 50), Optional(DoubleEq(25)));    // rank 1.5
  EXPECT_THAT(Percentile(x, 90), Optional(DoubleEq(37)));    // rank 2.7
  EXPECT_THAT(Percentile(x, 99), Optional(DoubleEq(39.7)));  // rank 2.97
}

TEST(PercentileTest, MatchesNumpyOnOneToHundred) {
  // numpy.percentile(range(1, 101), [50, 90, 99]) = [50.5, 90.1, 99.01].
  std::vector<double> x;
  for (int i = 1; i <= 100; ++i) x.push_back(i);
  auto q = ComputeQuantiles(x);
  ASSERT_TRUE(q.has_value());
  EXPECT_DOUBLE_EQ(q->p50, 50.5);
  EXPECT_DOUBLE_EQ(q->p90, 90.1);
  EXPECT_DOUBLE_EQ(q->p99, 99.01);
}

TEST(PercentileTest, OutOfRangeIsClamped) {
  EXPECT_THAT(Percentile({1, 2}, -5), Optional(DoubleEq(1)));
  EXPECT_THAT(Percentile({1, 2}, 150), Optional(DoubleEq(2)));
}

}  // namespace
}  // namespace servebench
