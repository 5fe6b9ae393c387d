// The load section and charts of reports, from a real load run against the
// simulator (bench/results/testdata/runs/load_sim_*).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "bench/gating/baseline.h"
#include "bench/results/run_record.h"
#include "testing/golden.h"
#include "tools/report/load_charts.h"
#include "tools/report/load_reference.h"
#include "tools/report/load_tables.h"
#include "tools/report/report.h"
#include "tools/report/test_runs.h"

namespace servebench::report {
namespace {

using testing::HasSubstr;

Baseline Faster() {
  auto baseline =
      LoadBaseline("tools/report/testdata/load/load_sim_faster.toml");
  EXPECT_TRUE(baseline.ok()) << baseline.error();
  return baseline.ok() ? *baseline : Baseline{};
}

TEST(LoadReportTest, TheLoadSectionAlone) {
  EXPECT_TRUE(test::MatchesGolden(
      RenderReport(LoadTestRun("load_sim_junit.xml"), nullptr),
      "tools/report/testdata/load_sim.md"));
}

TEST(LoadReportTest, AgainstABaselineItNamesTheRegressedFigures) {
  const RunRecord run = LoadTestRun("load_sim_junit.xml");
  const LevelReference ref = LevelsAgainstBaseline(run, Faster());
  ASSERT_EQ(ref.regressions.size(), 2u);
  EXPECT_THAT(ref.regressions[0],
              HasSubstr("Isl128Osl32Conc4: ttft_ms_p99 37.7 ms is 88.4% above "
                        "baseline 20.0"));
  EXPECT_THAT(ref.regressions[1],
              HasSubstr("Isl128Osl32Rate10: output_tps 320.0 tok/s is 20.0% "
                        "below baseline 400.0"));
  ReportOptions options;
  options.load_reference = &ref;
  options.load_charts = {{"Pareto", "pareto.svg"}, {"Latency", "latency.svg"}};
  EXPECT_TRUE(test::MatchesGolden(
      RenderReport(run, nullptr, options),
      "tools/report/testdata/load_sim_vs_faster_baseline.md"));
}

TEST(LoadReportTest, XmlAndJsonOfOneRunCompareEqual) {
  const LevelReference ref = LevelsAgainstRun(
      LoadTestRun("load_sim_junit.xml"), LoadTestRun("load_sim_results.json"));
  EXPECT_TRUE(ref.regressions.empty());
  EXPECT_TRUE(ref.missing.empty());
  EXPECT_FALSE(ref.deltas.empty());
  for (const auto& [level, deltas] : ref.deltas) {
    for (const auto& [metric, delta] : deltas) {
      EXPECT_NEAR(delta.change_pct, 0, 0.05) << Info(metric).name;
    }
  }
}

TEST(OnParetoFrontierTest, APointIsDominatedWhenAnotherIsAtLeastAsGoodOnBoth) {
  const std::vector<CurvePoint> points = {{"a", {}, 100, 50, {}, {}},
                                          {"b", {}, 200, 40, {}, {}},
                                          {"c", {}, 150, 30, {}, {}},
                                          {"d", {}, 200, 40, {}, {}}};
  EXPECT_TRUE(OnParetoFrontier(points[0], points));
  EXPECT_TRUE(OnParetoFrontier(points[1], points));  // ties do not dominate
  EXPECT_FALSE(OnParetoFrontier(points[2], points));
  EXPECT_FALSE(OnParetoFrontier({"e", {}, {}, 10, {}, {}}, points));
}

// The <circle> elements of `svg` whose class contains `cls`.
std::vector<pugi::xml_node> Circles(const pugi::xml_document& svg,
                                    const std::string& cls) {
  std::vector<pugi::xml_node> out;
  for (const auto& found : svg.select_nodes("//circle")) {
    const std::string c = found.node().attribute("class").value();
    if (c.find(cls) != std::string::npos) out.push_back(found.node());
  }
  return out;
}

TEST(LoadChartsTest, ParetoMarksEveryLevelAndHollowsTheDominated) {
  const RunRecord run = LoadTestRun("load_sim_junit.xml");
  const Curves curves = CurvesOf(run);
  // Conc4, Rate10 and the sweep's 6 levels; Rate8 of the other pair.
  ASSERT_EQ(curves.at({128, 32}).size(), 8u);
  ASSERT_EQ(curves.at({256, 16}).size(), 1u);
  pugi::xml_document svg;
  ASSERT_TRUE(svg.load_string(ParetoChart(curves, "run", nullptr).c_str()));
  EXPECT_EQ(Circles(svg, " run").size(), 9u);
  // Rate10 (320 tok/s, 484 per user) is beaten by the sweep's first level
  // (336, 517): dominated, drawn hollow.
  bool rate10_dominated = false;
  for (const auto& circle : Circles(svg, "dominated run")) {
    const std::string title = circle.child_value("title");
    rate10_dominated |= title.find("Rate10") != std::string::npos;
    EXPECT_STREQ(circle.attribute("fill").value(), "#ffffff");
  }
  EXPECT_TRUE(rate10_dominated);
  EXPECT_GE(svg.select_nodes("//polyline[@class='line frontier run']").size(),
            1u);
  EXPECT_EQ(svg.select_nodes("//g[@class='panel']").size(), 2u);
}

TEST(LoadChartsTest, LatencyDrawsP50AndP99WithTheReferenceOverlaid) {
  const RunRecord run = LoadTestRun("load_sim_junit.xml");
  const LevelReference ref = LevelsAgainstBaseline(run, Faster());
  pugi::xml_document svg;
  ASSERT_TRUE(
      svg.load_string(LatencyChart(CurvesOf(run), "run", &ref).c_str()));
  EXPECT_EQ(Circles(svg, "run p50").size(), 9u);
  EXPECT_EQ(Circles(svg, "run p99").size(), 9u);
  EXPECT_EQ(Circles(svg, "reference p50").size(), 9u);
  const auto dashed = svg.select_nodes("//polyline[@stroke-dasharray]");
  EXPECT_GE(dashed.size(), 2u);  // p99, run and reference
  EXPECT_THAT(
      std::string(Circles(svg, "reference p99")[0].child_value("title")),
      HasSubstr("reference"));
}

TEST(LoadChartsTest, NoLoadLevelsNoData) {
  pugi::xml_document svg;
  ASSERT_TRUE(svg.load_string(ParetoChart({}, "run", nullptr).c_str()));
  EXPECT_TRUE(Circles(svg, "point").empty());
  EXPECT_THAT(
      std::string(svg.select_node("//text[.='no data']").node().child_value()),
      HasSubstr("no data"));
}

}  // namespace
}  // namespace servebench::report
