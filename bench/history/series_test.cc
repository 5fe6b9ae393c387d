// Series of one figure across runs.
#include "bench/history/series.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bench/history/test_runs.h"

namespace servebench::history {
namespace {

using ::testing::ElementsAre;
using ::testing::SizeIs;

TEST(MedianTest, OddAndEvenCounts) {
  EXPECT_EQ(Median({3, 1, 2}), 2);
  EXPECT_EQ(Median({4, 1, 3, 2}), 2.5);
  EXPECT_EQ(Median({7}), 7);
}

TEST(CaseSeriesTest, OnePointPerRunWhereTheCasePassed) {
  std::vector<StoredRun> runs = {
      TestStoredRun(
          1, TestCase("Isl128Osl128", {{"tpot_ms", 4.0}}, {90, 100, 130})),
      TestStoredRun(2, TestCase("Isl128Osl128", {{"tpot_ms", 4.2}})),
      TestStoredRun(3, TestCase("Isl256Osl256", {{"tpot_ms", 5.0}})),
      TestStoredRun(4, TestCase("Isl128Osl128", {{"tpot_ms", 9.0}})),
  };
  runs[3].cases[0].status = "failed";
  const std::vector<SeriesPoint> points =
      CaseSeries(runs, "Isl128Osl128", "tpot_ms");
  ASSERT_THAT(points, SizeIs(2));
  EXPECT_EQ(points[0].run_id, 1);
  EXPECT_EQ(points[0].run_index, 0u);
  EXPECT_EQ(points[0].samples, 3u);
  EXPECT_DOUBLE_EQ(*points[0].median, 4.0);
  EXPECT_DOUBLE_EQ(*points[0].min, 3.6);
  EXPECT_DOUBLE_EQ(*points[0].max, 5.2);
  EXPECT_DOUBLE_EQ(points[0].Value(), 4.0);
  EXPECT_EQ(points[1].run_id, 2);
  EXPECT_FALSE(points[1].median.has_value());
  EXPECT_DOUBLE_EQ(points[1].Value(), 4.2);
  EXPECT_THAT(CaseSeries(runs, "Isl128Osl128", "ttft_ms"), SizeIs(0));
}

TEST(CaseNamesTest, FirstSeenOrderAndMetricOrder) {
  std::vector<StoredRun> runs = {
      TestStoredRun(
          1, TestCase("Isl256Osl256", {{"output_tps", 1}, {"decode_tps", 2}})),
      TestStoredRun(2,
                    TestCase("Isl128Osl128", {{"ttft_ms", 1}, {"tpot_ms", 2}})),
      TestStoredRun(3, TestCase("Isl256Osl256", {{"ttft_ms", 1}})),
  };
  EXPECT_THAT(CaseNames(runs), ElementsAre("Isl256Osl256", "Isl128Osl128"));
  EXPECT_THAT(MetricNames(runs, "Isl256Osl256"),
              ElementsAre("ttft_ms", "decode_tps", "output_tps"));
}

}  // namespace
}  // namespace servebench::history
