// Reference figures from several runs.
#include "bench/history/spread.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace servebench::history {
namespace {

TEST(ReferenceOfTest, MedianAndTwiceTheLargestDeviation) {
  const FigureReference r = ReferenceOf({100, 103, 99, 101, 98}, {});
  EXPECT_EQ(r.median, 100);
  EXPECT_EQ(r.spread, 3);
  EXPECT_EQ(r.tolerance.kind, Tolerance::Kind::kRelative);
  EXPECT_DOUBLE_EQ(r.tolerance.value, 0.06);
}

TEST(ReferenceOfTest, NeverTighterThanTheFloor) {
  const FigureReference r = ReferenceOf({50, 50.1, 49.9}, {});
  EXPECT_DOUBLE_EQ(r.tolerance.value, 0.02);
  SpreadRule loose;
  loose.min_tolerance = 0.1;
  EXPECT_DOUBLE_EQ(ReferenceOf({50, 50.1, 49.9}, loose).tolerance.value, 0.1);
}

TEST(ReferenceOfTest, RoundedUpToATenthOfAPercentThatReadsBack) {
  const FigureReference r = ReferenceOf({100, 101.37, 100}, {});  // 2.74%
  const MetricInfo& info = Info(Metric::kTpotMs);
  EXPECT_EQ(r.tolerance.ToString(info), "2.8%");
  EXPECT_EQ(ParseTolerance(r.tolerance.ToString(info), info)->value,
            r.tolerance.value);
  // An exact tenth stays where it is.
  EXPECT_EQ(ReferenceOf({100, 101.7, 100}, {}).tolerance.ToString(info),
            "3.4%");
}

TEST(ReferenceOfTest, AZeroMedianGetsAnAbsoluteTolerance) {
  const FigureReference r = ReferenceOf({0, 0, 0.5}, {});
  EXPECT_EQ(r.tolerance.kind, Tolerance::Kind::kAbsolute);
  EXPECT_DOUBLE_EQ(r.tolerance.value, 1.0);
}

}  // namespace
}  // namespace servebench::history
