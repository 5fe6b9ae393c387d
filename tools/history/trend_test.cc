// A trend's table and chart from synthetic runs with a known step.
#include "tools/history/trend.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "bench/history/test_runs.h"
#include "testing/files.h"
#include "testing/golden.h"
#include "tools/history/trend_chart.h"

namespace servebench::history_tool {
namespace {

using history::StoredRun;
using history::TestCase;
using history::TestStoredRun;
using ::testing::HasSubstr;

const std::string kCase = "Isl1024Osl128";

// Twelve runs of TPOT: 4 ms for six, then 6 ms (a step at the seventh run,
// id 7), each with three samples around its mean; run 3 kept no samples.
std::vector<StoredRun> StepHistory() {
  const double wiggle[] = {0.01,  -0.02, 0.0, 0.02,  -0.01, 0.01,
                           -0.01, 0.02,  0.0, -0.02, 0.01,  0.0};
  std::vector<StoredRun> runs;
  for (int i = 0; i < 12; ++i) {
    const double tpot = (i < 6 ? 4.0 : 6.0) + wiggle[i];
    runs.push_back(TestStoredRun(
        i + 1, TestCase(kCase, {{"tpot_ms", tpot}}, {98, 100, 102})));
    runs.back().run.labels = {{"sim_tpot_ms", i < 6 ? "4" : "6"}};
  }
  runs[2].cases[0].samples.clear();
  return runs;
}

TEST(TrendTest, TableMarksTheStepAtItsRun) {
  Result<Trend> trend = BuildTrend(StepHistory(), kCase, "tpot_ms", {});
  ASSERT_TRUE(trend.ok()) << trend.error();
  ASSERT_EQ(trend->rows.size(), 12u);
  ASSERT_EQ(trend->changes.size(), 1u);
  EXPECT_EQ(trend->rows[trend->changes[0].index].run_id, 7);
  trend->baseline = 4.0;
  trend->baseline_source = "sim";
  EXPECT_TRUE(test::MatchesGolden(TrendTable(*trend),
                                  "tools/history/testdata/trend_step.md"));
}

TEST(TrendTest, ChartDrawsEveryRunTheBandTheBaselineAndTheChange) {
  Trend trend = BuildTrend(StepHistory(), kCase, "tpot_ms", {}).value();
  trend.baseline = 4.0;
  trend.baseline_source = "sim";
  const std::string svg = TrendChart(trend);
  test::KeepOutput("trend_step.svg", svg);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(svg.c_str()));
  EXPECT_EQ(doc.select_nodes("//circle[@class='point']").size(), 12u);
  EXPECT_EQ(doc.select_nodes("//polyline[@class='median']").size(), 1u);
  EXPECT_EQ(doc.select_nodes("//polygon[@class='band']").size(), 1u);
  EXPECT_EQ(doc.select_nodes("//line[@class='baseline']").size(), 1u);
  const pugi::xpath_node_set changes =
      doc.select_nodes("//line[@class='change-point']");
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_THAT(changes[0].node().child_value("title"),
              HasSubstr("change between run 6 and run 7"));
  // The change line lies between the sixth and seventh points.
  const auto points = doc.select_nodes("//circle[@class='point']");
  const double x6 = points[5].node().attribute("cx").as_double();
  const double x7 = points[6].node().attribute("cx").as_double();
  const double x = changes[0].node().attribute("x1").as_double();
  EXPECT_GT(x, x6);
  EXPECT_LT(x, x7);
  // Higher TPOT is drawn higher (smaller y).
  EXPECT_LT(points[6].node().attribute("cy").as_double(),
            points[5].node().attribute("cy").as_double());
}

TEST(TrendTest, NamesWhatThereIsWhenTheCaseOrMetricIsMissing) {
  EXPECT_THAT(BuildTrend(StepHistory(), "Isl1Osl1", "tpot_ms", {}).error(),
              HasSubstr("no run in the selection has case Isl1Osl1; cases: "
                        "Isl1024Osl128"));
  EXPECT_THAT(BuildTrend(StepHistory(), kCase, "ttft_ms", {}).error(),
              HasSubstr("never passed with ttft_ms in the selection; its "
                        "metrics: tpot_ms"));
}

TEST(TrendTest, ALongTrendLooksForChangesInItsNewestRuns) {
  // 1100 runs with a step at run 1050: past the 1000 that detection takes,
  // the index still points into the whole trend.
  std::vector<StoredRun> runs;
  for (int i = 0; i < 1100; ++i) {
    runs.push_back(TestStoredRun(
        i + 1, TestCase(kCase, {{"tpot_ms",
                                 (i < 1049 ? 4.0 : 6.0) + 0.01 * (i % 3)}})));
  }
  history::ChangePointOptions fast;
  fast.permutations = 19;
  fast.significance = 0.05;
  Result<Trend> trend = BuildTrend(runs, kCase, "tpot_ms", fast);
  ASSERT_TRUE(trend.ok()) << trend.error();
  EXPECT_EQ(trend->rows.size(), 1100u);
  ASSERT_EQ(trend->changes.size(), 1u);
  EXPECT_EQ(trend->rows[trend->changes[0].index].run_id, 1050);
}

TEST(TrendTest, TextIsEscapedInTheChart) {
  std::vector<StoredRun> runs = StepHistory();
  runs[0].run.started_at = "2026-03-01T00:01:00";
  Trend trend = BuildTrend(runs, kCase, "tpot_ms", {}).value();
  trend.case_name = "<script>&";
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(TrendChart(trend).c_str()));
}

}  // namespace
}  // namespace servebench::history_tool
