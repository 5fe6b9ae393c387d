// Reference figures from several runs.
#include "bench/history/spread.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "bench/gating/regression.h"

namespace servebench::history {
namespace {

std::vector<RunFigure> Means(const std::vector<double>& means) {
  std::vector<RunFigure> runs;
  for (double m : means) runs.push_back({m, {}});
  return runs;
}

TEST(ReferenceOfTest, MedianAndTwiceTheLargestDeviation) {
  const FigureReference r = ReferenceOf(Means({100, 103, 99, 101, 98}), {}, Metric::kTpotMs);
  EXPECT_EQ(r.median, 100);
  EXPECT_EQ(r.spread, 3);
  EXPECT_EQ(r.half_width, 0);
  EXPECT_EQ(r.tolerance.kind, Tolerance::Kind::kRelative);
  EXPECT_DOUBLE_EQ(r.tolerance.value, 0.06);
}

TEST(ReferenceOfTest, NeverTighterThanTheFloor) {
  const FigureReference r = ReferenceOf(Means({50, 50.1, 49.9}), {}, Metric::kTpotMs);
  EXPECT_DOUBLE_EQ(r.tolerance.value, 0.02);
  SpreadRule loose;
  loose.min_tolerance = 0.1;
  EXPECT_DOUBLE_EQ(ReferenceOf(Means({50, 50.1, 49.9}), loose, Metric::kTpotMs).tolerance.value,
                   0.1);
}

TEST(ReferenceOfTest, NeverTighterThanOneRunsOwnUncertainty) {
  // Means agree to 0.1%, but each run's three requests spread by ±5: one
  // run's mean is only known to t(0.975, 2) · 5 / sqrt(3) = 12.4, i.e. 12.4%.
  const std::vector<RunFigure> runs = {{100, {95, 100, 105}},
                                       {100.1, {95.1, 100.1, 105.1}},
                                       {99.9, {94.9, 99.9, 104.9}}};
  const FigureReference r = ReferenceOf(runs, {}, Metric::kTpotMs);
  EXPECT_NEAR(r.half_width, StudentT975(2) * 5 / std::sqrt(3.0), 1e-9);
  EXPECT_DOUBLE_EQ(r.tolerance.value, 0.125);  // 12.41% rounded up
}

TEST(ReferenceOfTest, RoundedUpToATenthOfAPercentThatReadsBack) {
  const FigureReference r =
      ReferenceOf(Means({100, 101.37, 100}), {}, Metric::kTpotMs);  // 2.74%
  const MetricInfo& info = Info(Metric::kTpotMs);
  EXPECT_EQ(r.tolerance.ToString(info), "2.8%");
  EXPECT_EQ(ParseTolerance(r.tolerance.ToString(info), info)->value,
            r.tolerance.value);
  // An exact tenth stays where it is.
  EXPECT_EQ(ReferenceOf(Means({100, 101.7, 100}), {}, Metric::kTpotMs).tolerance.ToString(info),
            "3.4%");
}

TEST(ReferenceOfTest, AZeroMedianGetsAnAbsoluteTolerance) {
  const FigureReference r = ReferenceOf(Means({0, 0, 0.5}), {}, Metric::kTpotMs);
  EXPECT_EQ(r.tolerance.kind, Tolerance::Kind::kAbsolute);
  EXPECT_DOUBLE_EQ(r.tolerance.value, 1.0);
}

TEST(ReferenceOfTest, AnOverheadIsNeverHeldTighterThanItsDefault) {
  // Sub-millisecond TTFT overheads from quiet runs: their spread would allow
  // 0.2 ms, and the next ordinary run (1 ms) would fail. The default 5 ms
  // holds, absolute.
  const FigureReference quiet =
      ReferenceOf(Means({0.3, 0.32, 0.35}), {}, Metric::kTtftOverheadMs);
  EXPECT_EQ(quiet.tolerance.kind, Tolerance::Kind::kAbsolute);
  EXPECT_DOUBLE_EQ(quiet.tolerance.value, 5);
  // Runs that stray further than the default widen it.
  const FigureReference noisy =
      ReferenceOf(Means({10, 14, 10}), {}, Metric::kTtftOverheadMs);
  EXPECT_EQ(noisy.tolerance.kind, Tolerance::Kind::kAbsolute);
  EXPECT_DOUBLE_EQ(noisy.tolerance.value, 8);
}

}  // namespace
}  // namespace servebench::history
