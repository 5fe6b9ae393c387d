// The report tool end to end: a baseline golden, --out files and errors.
#include "tools/report/report_cli.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>

#include "bench/history/from_run_record.h"
#include "bench/history/store.h"
#include "bench/results/run_record.h"
#include "testing/files.h"
#include "testing/golden.h"

namespace servebench::report {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

const RunDirectories kEnvironment = {"", "tools/report/testdata"};
const std::string kJunit = "bench/results/testdata/runs/core_sim_junit.xml";

struct Outcome {
  int status;
  std::string out, err;
};

Outcome RunTool(const std::vector<std::string>& args,
                const RunDirectories& environment = kEnvironment) {
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
  const RunDirectories environment = {
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

// The seed's four results files as a history database.
std::string SeedHistory() {
  const std::string db = ::testing::TempDir() + "/seed_history.db";
  std::filesystem::remove(db);
  auto store = history::HistoryStore::Open(db);
  EXPECT_TRUE(store.ok()) << store.error();
  for (const char* file :
       {"bench_v22_marlin_baseline.json", "bench_v8_sparse_results.json",
        "bench_v23_cutlass_fp8_results.json",
        "bench_minimax_m25_ep_marlin.json"}) {
    const std::string path = std::string("bench/results/testdata/runs/") + file;
    auto record = LoadRunRecord(path);
    auto context = history::ReadRunContext(path);
    EXPECT_TRUE(record.ok() && context.ok()) << path;
    const history::ImportedRun imported =
        history::FromRunRecord(*record, *context);
    EXPECT_TRUE(store->AppendRun(imported.run, imported.cases, true).ok());
  }
  return db;
}

TEST(ReportCliTest, HistoryAsTheReferenceMatchesGolden) {
  // v23 is in the history itself and is left out; of the others only v8
  // shares its model and max_model_len.
  const std::string db = SeedHistory();
  const Outcome o =
      RunTool({"bench/results/testdata/runs/bench_v23_cutlass_fp8_results.json",
               "--history", db, "--last", "3"});
  ASSERT_EQ(o.status, 0) << o.err;
  std::string report = o.out;
  // The database lives in a per-run temporary folder.
  for (size_t at; (at = report.find(db)) != std::string::npos;) {
    report.replace(at, db.size(), "seed_history.db");
  }
  EXPECT_TRUE(test::MatchesGolden(
      report, "tools/report/testdata/v23_against_history.md"));
}

TEST(ReportCliTest, HistoryWithoutAComparableRunIsAnError) {
  const std::string db = SeedHistory();
  const Outcome o = RunTool({kJunit, "--history", db});
  EXPECT_EQ(o.status, 1);
  EXPECT_THAT(o.err, HasSubstr("is comparable with " + kJunit));
  const Outcome missing = RunTool({kJunit, "--history", db + ".nope"});
  EXPECT_EQ(missing.status, 1);
  EXPECT_THAT(missing.err, HasSubstr("there is no such file"));
}

TEST(ReportCliTest, HistoryExcludesTheOtherReferencesAndLastNeedsIt) {
  EXPECT_EQ(
      RunTool({kJunit, "--history", "h.db", "--baseline", "sim_core"}).status,
      2);
  EXPECT_EQ(RunTool({kJunit, "--last", "3"}).status, 2);
}

}  // namespace
}  // namespace servebench::report
