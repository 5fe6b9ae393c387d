// E-divisive change points on synthetic series with known truth.
#include "bench/history/change_points.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace servebench::history {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Gaussian noise from mt19937, whose output the C++ standard fixes, through
// Box-Muller written out here (std::normal_distribution is not specified).
class Noise {
 public:
  explicit Noise(uint32_t seed) : engine_(seed) {}
  double Next(double sigma) {
    const double u1 = (engine_() + 0.5) / 4294967296.0;
    const double u2 = (engine_() + 0.5) / 4294967296.0;
    return sigma * std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
  }

 private:
  std::mt19937 engine_;
};

// `levels` gives (length, level) runs of the series; noise is relative.
std::vector<double> Series(const std::vector<std::pair<int, double>>& levels,
                           double noise_fraction, uint32_t seed) {
  Noise noise(seed);
  std::vector<double> out;
  for (const auto& [length, level] : levels) {
    for (int i = 0; i < length; ++i) {
      out.push_back(level * (1 + noise.Next(noise_fraction)));
    }
  }
  return out;
}

std::vector<size_t> Indexes(const std::vector<ChangePoint>& points) {
  std::vector<size_t> out;
  for (const ChangePoint& p : points) out.push_back(p.index);
  return out;
}

TEST(ChangePointsTest, FindsAStepAtItsIndex) {
  const std::vector<double> series = Series({{12, 100}, {12, 110}}, 0.01, 7);
  auto points = DetectChangePoints(series, {});
  ASSERT_TRUE(points.ok()) << points.error();
  ASSERT_THAT(Indexes(*points), ElementsAre(12u));
  const ChangePoint& p = (*points)[0];
  EXPECT_LE(p.p_value, 0.05);
  EXPECT_GT(p.statistic, 0);
  EXPECT_NEAR(p.mean_before, 100, 1.5);
  EXPECT_NEAR(p.mean_after, 110, 1.5);
  EXPECT_NEAR(p.relative_change, 0.10, 0.02);
}

TEST(ChangePointsTest, FindsADropAsANegativeChange) {
  const std::vector<double> series = Series({{10, 50}, {10, 40}}, 0.01, 3);
  auto points = DetectChangePoints(series, {});
  ASSERT_TRUE(points.ok()) << points.error();
  ASSERT_THAT(Indexes(*points), ElementsAre(10u));
  EXPECT_NEAR((*points)[0].relative_change, -0.2, 0.02);
}

TEST(ChangePointsTest, FindsTwoSteps) {
  const std::vector<double> series =
      Series({{10, 100}, {10, 120}, {10, 100}}, 0.01, 11);
  auto points = DetectChangePoints(series, {});
  ASSERT_TRUE(points.ok()) << points.error();
  EXPECT_THAT(Indexes(*points), ElementsAre(10u, 20u));
}

TEST(ChangePointsTest, StationaryNoiseGivesNoneAboveTheMinimumChange) {
  // 2% noise, 5% minimum change: nothing, for any of 20 series.
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    auto points = DetectChangePoints(Series({{40, 100}}, 0.02, seed), {});
    ASSERT_TRUE(points.ok()) << points.error();
    EXPECT_THAT(*points, IsEmpty()) << "seed " << seed;
  }
}

TEST(ChangePointsTest, SignificanceAloneRarelyFiresOnNoise) {
  // Without a minimum change, only the permutation test stands between
  // noise and a report: at the 5% level about one series in twenty may show
  // a change; more than four of twenty would mean the test is broken.
  ChangePointOptions options;
  options.min_relative_change = 0;
  int with_change = 0;
  for (uint32_t seed = 101; seed <= 120; ++seed) {
    auto points = DetectChangePoints(Series({{30, 100}}, 0.02, seed), options);
    ASSERT_TRUE(points.ok()) << points.error();
    with_change += points->empty() ? 0 : 1;
  }
  EXPECT_LE(with_change, 4);
}

TEST(ChangePointsTest, MinimumRelativeChangeFiltersSmallRealSteps) {
  const std::vector<double> series = Series({{15, 100}, {15, 103}}, 0.002, 5);
  ChangePointOptions options;
  options.min_relative_change = 0.01;
  EXPECT_THAT(Indexes(DetectChangePoints(series, options).value()),
              ElementsAre(15u));
  options.min_relative_change = 0.05;
  EXPECT_THAT(DetectChangePoints(series, options).value(), IsEmpty());
}

TEST(ChangePointsTest, ShortSeries) {
  // Fewer than two segments' worth of points: no candidate at all.
  EXPECT_THAT(DetectChangePoints({1, 1, 5, 5, 5}, {}).value(), IsEmpty());
  // Six points, three each side: only 20 ways to arrange them, and the
  // clean split and its mirror are 2 of them, so p is about 0.1 and a
  // permutation test cannot call it significant at 5%.
  EXPECT_THAT(DetectChangePoints({1, 1, 1, 5, 5, 5}, {}).value(), IsEmpty());
  // Eight points: 2 of 70 arrangements, p about 0.03.
  EXPECT_THAT(Indexes(DetectChangePoints({1, 1, 1, 1, 5, 5, 5, 5}, {}).value()),
              ElementsAre(4u));
}

TEST(ChangePointsTest, ConstantAndEmptySeriesHaveNone) {
  EXPECT_THAT(DetectChangePoints(std::vector<double>(20, 42.0), {}).value(),
              IsEmpty());
  EXPECT_THAT(DetectChangePoints({}, {}).value(), IsEmpty());
}

TEST(ChangePointsTest, AChangeFromZeroIsInfinitelyLarge) {
  auto points = DetectChangePoints({0, 0, 0, 0, 0, 1, 1, 1, 1, 1}, {});
  ASSERT_THAT(Indexes(points.value()), ElementsAre(5u));
  EXPECT_TRUE(std::isinf((*points)[0].relative_change));
}

TEST(ChangePointsTest, ASeedGivesTheSameAnswerEveryTime) {
  const std::vector<double> series = Series({{9, 10}, {9, 11}}, 0.03, 21);
  ChangePointOptions options;
  options.seed = 1234;
  auto first = DetectChangePoints(series, options);
  auto second = DetectChangePoints(series, options);
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_EQ(first->size(), second->size());
  for (size_t i = 0; i < first->size(); ++i) {
    EXPECT_EQ((*first)[i].index, (*second)[i].index);
    EXPECT_EQ((*first)[i].p_value, (*second)[i].p_value);
  }
}

TEST(ChangePointsTest, LargeFiguresKeepTheirPrecision) {
  // KV cache token counts: a 10% step on a million.
  const std::vector<double> series =
      Series({{12, 1131008}, {12, 1244109}}, 0.001, 8);
  EXPECT_THAT(Indexes(DetectChangePoints(series, {}).value()),
              ElementsAre(12u));
}

TEST(ChangePointsTest, RefusesBadInput) {
  ChangePointOptions options;
  options.permutations = 10;
  EXPECT_THAT(DetectChangePoints({1, 2}, options).error(),
              HasSubstr("use at least 19 permutations"));
  options = {};
  options.min_segment = 1;
  EXPECT_THAT(DetectChangePoints({1, 2}, options).error(),
              HasSubstr("at least 2 points"));
  options = {};
  options.significance = 0;
  EXPECT_THAT(DetectChangePoints({1, 2}, options).error(),
              HasSubstr("between 0 and 1"));
  EXPECT_THAT(DetectChangePoints({1, NAN, 2}, {}).error(),
              HasSubstr("not a finite number"));
  EXPECT_THAT(
      DetectChangePoints(std::vector<double>(kMaxSeriesLength + 1, 1), {})
          .error(),
      HasSubstr("1001 points"));
}

}  // namespace
}  // namespace servebench::history
