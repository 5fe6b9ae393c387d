// The chart is well-formed XML with one bar per known value.
#include "tools/report/svg_chart.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "tools/report/reference.h"
#include "tools/report/test_runs.h"

namespace servebench::report {
namespace {

int CountBars(const pugi::xml_document& doc, const char* cls) {
  int n = 0;
  for (const pugi::xpath_node& node : doc.select_nodes("//rect")) {
    if (std::string(node.node().attribute("class").as_string()) == cls) ++n;
  }
  return n;
}

TEST(SvgChartTest, RunAloneHasABarPerPairAndPanel) {
  const std::string svg =
      SvgChart(LoadTestRun("bench_v23_cutlass_fp8_results.json"), nullptr);
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_string(svg.c_str());
  ASSERT_TRUE(parsed) << parsed.description() << " at " << parsed.offset;
  EXPECT_STREQ(doc.document_element().name(), "svg");
  EXPECT_EQ(CountBars(doc, "bar run"), 2 * 5);  // decode and TTFT panels
  EXPECT_EQ(CountBars(doc, "bar reference"), 0);
  EXPECT_THAT(svg,
              ::testing::HasSubstr("<title>run 1024/128: 42.1 tok/s</title>"));
}

TEST(SvgChartTest, SkippedAndFailedCasesHaveNoBars) {
  const std::string svg = SvgChart(LoadTestRun("core_sim_junit.xml"), nullptr);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(svg.c_str()));
  EXPECT_EQ(CountBars(doc, "bar run"), 2 * 3);
}

TEST(SvgChartTest, ReferenceBarsStandBesideTheRun) {
  const RunRecord run = LoadTestRun("bench_v23_cutlass_fp8_results.json");
  const Reference other =
      AgainstRun(run, LoadTestRun("bench_v22_marlin_baseline.json"));
  const std::string svg = SvgChart(run, &other);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(svg.c_str()));
  EXPECT_EQ(CountBars(doc, "bar run"), 2 * 5);
  EXPECT_EQ(CountBars(doc, "bar reference"), 2 * 5);  // v22 has all five pairs
  EXPECT_THAT(svg, ::testing::HasSubstr(
                       "other run: bench/results/testdata/runs/bench_v22"));
}

TEST(SvgChartTest, IsDeterministic) {
  const RunRecord run = LoadTestRun("servebench_results.json");
  EXPECT_EQ(SvgChart(run, nullptr), SvgChart(run, nullptr));
}

}  // namespace
}  // namespace servebench::report
