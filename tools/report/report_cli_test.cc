// The report tool end to end: a baseline golden, --out files and errors.
#include "tools/report/report_cli.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>

#include "testing/files.h"
#include "testing/golden.h"

namespace servebench::report {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

const ToolEnvironment kEnvironment = {"", "tools/report/testdata"};
const std::string kJunit = "bench/results/testdata/runs/core_sim_junit.xml";

struct Outcome {
  int status;
  std::string out, err;
};

Outcome RunTool(const std::vector<std::string>& args,
                const ToolEnvironment& environment = kEnvironment) {
  std::ostringstream out, err;
  const int status = RunReportTool(args, environment, out, err);
  return {status, out.str(), err.str()};
}

TEST(ReportCliTest, JunitAgainstBaselineMatchesGolden) {
  const Outcome o = RunTool({kJunit, "--baseline", "sim_core"});
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_THAT(o.err, IsEmpty());
  EXPECT_TRUE(test::MatchesGolden(
      o.out, "tools/report/testdata/core_sim_junit_vs_sim_core.md"));
}

TEST(ReportCliTest, OutWritesReportAndChart) {
  const std::string dir = ::testing::TempDir() + "/report_out";
  const Outcome o =
      RunTool({"bench/results/testdata/runs/bench_v23_cutlass_fp8_results.json",
               "--against",
               "bench/results/testdata/runs/bench_v22_marlin_baseline.json",
               "--out", dir});
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(test::ReadFileOrFail(dir + "/report.md"), o.out);
  EXPECT_THAT(o.out, HasSubstr("](chart.svg)"));
  pugi::xml_document svg;
  EXPECT_TRUE(svg.load_file((dir + "/chart.svg").c_str()));
  EXPECT_EQ(svg.select_nodes("//rect[@class='bar reference']").size(), 10u);
}

TEST(ReportCliTest, RelativeInputsResolveAgainstTheWorkingDirectory) {
  const ToolEnvironment environment = {
      std::filesystem::current_path().string() + "/bench/results",
      "tools/report/testdata"};
  const Outcome o = RunTool({"testdata/runs/core_sim_junit.xml"}, environment);
  EXPECT_EQ(o.status, 0) << o.err;
}

TEST(ReportCliTest, MissingRunIsAnError) {
  const Outcome o = RunTool({"bench/results/testdata/runs/nope.xml"});
  EXPECT_EQ(o.status, 1);
  EXPECT_THAT(o.out, IsEmpty());
  EXPECT_THAT(
      o.err,
      HasSubstr("report: bench/results/testdata/runs/nope.xml: cannot read"));
}

TEST(ReportCliTest, UnknownBaselineListsAvailableOnes) {
  const Outcome o = RunTool({kJunit, "--baseline", "v99"});
  EXPECT_EQ(o.status, 1);
  EXPECT_THAT(o.err, HasSubstr("unknown baseline \"v99\""));
  EXPECT_THAT(o.err, HasSubstr("available in tools/report/testdata/baselines: "
                               "sim_core"));
}

TEST(ReportCliTest, BaselineAndAgainstExcludeEachOther) {
  const Outcome o =
      RunTool({kJunit, "--baseline", "sim_core", "--against", kJunit});
  EXPECT_EQ(o.status, 2);
  EXPECT_THAT(o.err, HasSubstr("excludes"));
}

TEST(ReportCliTest, RunIsRequired) { EXPECT_EQ(RunTool({}).status, 2); }

}  // namespace
}  // namespace servebench::report
