// Reports of checked-in runs compared byte for byte with expected markdown.
#include <gtest/gtest.h>

#include "bench/results/run_record.h"
#include "testing/golden.h"
#include "tools/report/reference.h"
#include "tools/report/report.h"
#include "tools/report/test_runs.h"

namespace servebench::report {
namespace {

TEST(ReportGoldenTest, SeedRunAlone) {
  EXPECT_TRUE(test::MatchesGolden(
      RenderReport(LoadTestRun("bench_v23_cutlass_fp8_results.json"), nullptr),
      "tools/report/testdata/v23.md"));
}

TEST(ReportGoldenTest, JunitXmlWithSkippedAndFailedCases) {
  EXPECT_TRUE(test::MatchesGolden(
      RenderReport(LoadTestRun("core_sim_junit.xml"), nullptr),
      "tools/report/testdata/core_sim_junit.md"));
}

TEST(ReportGoldenTest, ServebenchJsonWithChartLink) {
  EXPECT_TRUE(
      test::MatchesGolden(RenderReport(LoadTestRun("servebench_results.json"),
                                       nullptr, {"chart.svg"}),
                          "tools/report/testdata/servebench_results.md"));
}

TEST(ReportGoldenTest, SeedRunAgainstAnotherRun) {
  const RunRecord run = LoadTestRun("bench_v23_cutlass_fp8_results.json");
  const Reference other =
      AgainstRun(run, LoadTestRun("bench_v22_marlin_baseline.json"));
  EXPECT_TRUE(test::MatchesGolden(RenderReport(run, &other),
                                  "tools/report/testdata/v23_against_v22.md"));
}

}  // namespace
}  // namespace servebench::report
