// The history tool end to end on scratch databases: every subcommand, its
// output and exit code.
#include "tools/history/cli.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>

#include "bench/gating/baseline.h"
#include "bench/history/store.h"
#include "bench/history/test_runs.h"
#include "testing/files.h"
#include "testing/golden.h"

namespace servebench::history_tool {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

const std::string kRuns = "bench/results/testdata/runs/";
const std::vector<std::string> kSeedFiles = {
    kRuns + "bench_v22_marlin_baseline.json",
    kRuns + "bench_v8_sparse_results.json",
    kRuns + "bench_v23_cutlass_fp8_results.json",
    kRuns + "bench_minimax_m25_ep_marlin.json"};

struct Outcome {
  int status;
  std::string out, err;
};

Outcome RunTool(std::vector<std::string> args, const ToolEnv& env = {}) {
  args.insert(args.begin(), "history");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int status =
      RunHistoryTool(static_cast<int>(argv.size()), argv.data(), env, out, err);
  return {status, out.str(), err.str()};
}

// A database of 12 runs whose Isl1024Osl128 TPOT steps from 4 to 6 ms at
// run 7 (label sim_tpot_ms 4 → 6), with samples.
std::string StepDatabase(const std::string& name) {
  const std::string path = test::FreshTempPath(name);
  auto store = history::HistoryStore::Open(path);
  EXPECT_TRUE(store.ok()) << store.error();
  const double wiggle[] = {0.01,  -0.02, 0.0, 0.02,  -0.01, 0.01,
                           -0.01, 0.02,  0.0, -0.02, 0.01,  0.0};
  for (int i = 0; i < 12; ++i) {
    history::HistoryRun run = history::TestRun(i + 1);
    run.labels = {{"sim_tpot_ms", i < 6 ? "4" : "6"}};
    run.server = {{"kv_cache_gib", 62.2}};
    const double tpot = (i < 6 ? 4.0 : 6.0) + wiggle[i];
    const std::vector<history::HistoryCase> cases = {history::TestCase(
        "Isl1024Osl128",
        {{"tpot_ms", tpot}, {"ttft_ms", 72.0}, {"decode_tps", 1000 / tpot}},
        {99, 100, 101})};
    EXPECT_TRUE(store->AppendRun(run, cases, false).ok());
  }
  return path;
}

TEST(HistoryCliTest, ImportThenListMatchesGolden) {
  const std::string db = test::FreshTempPath("seed.db");
  std::vector<std::string> args = {"import", "--db", db};
  args.insert(args.end(), kSeedFiles.begin(), kSeedFiles.end());
  const Outcome imported = RunTool(args);
  ASSERT_EQ(imported.status, kExitOk) << imported.err;
  EXPECT_THAT(
      imported.out,
      StartsWith("imported " + kSeedFiles[0] +
                 " as run 1 (14 cases, started 2026-02-19T15:55:38)\n"));
  const Outcome listed = RunTool({"list", "--db", db});
  ASSERT_EQ(listed.status, kExitOk) << listed.err;
  EXPECT_TRUE(
      test::MatchesGolden(listed.out, "tools/history/testdata/list_seed.md"));

  const Outcome again = RunTool({"import", "--db", db, kSeedFiles[1]});
  EXPECT_EQ(again.status, kExitOk);
  EXPECT_THAT(again.out, HasSubstr("skipped " + kSeedFiles[1] +
                                   ": already in the history as run 2"));
  const Outcome qwen =
      RunTool({"list", "--db", db, "--model", "lukealonso/MiniMax-M2.5-NVFP4"});
  EXPECT_THAT(qwen.out, HasSubstr("| 4 | 2026-02-22T10:32:42 |"));
  EXPECT_THAT(qwen.out, Not(HasSubstr("| 1 |")));
}

TEST(HistoryCliTest, ImportAppliesLabelsCommitAndVersion) {
  const std::string db = test::FreshTempPath("labels.db");
  const Outcome o =
      RunTool({"import", "--db", db, "--labels", "kernel=cutlass_fp8,mtp=2",
               "--commit", "0123456789abcdef0123456789abcdef01234567",
               "--engine-version", "0.11.0", kSeedFiles[2]});
  ASSERT_EQ(o.status, kExitOk) << o.err;
  const Outcome listed =
      RunTool({"list", "--db", db, "--label", "kernel=cutlass_fp8"});
  EXPECT_THAT(listed.out, HasSubstr("| 0.11.0 | 4096 |  |  | 0123456789 | "
                                    "kernel=cutlass_fp8,mtp=2 | 5/0/0 |"));
  EXPECT_THAT(RunTool({"list", "--db", db, "--label", "kernel=marlin"}).out,
              HasSubstr("no runs match"));
}

TEST(HistoryCliTest, ImportKeepsGoingPastABadFile) {
  const std::string db = test::FreshTempPath("bad_file.db");
  const Outcome o =
      RunTool({"import", "--db", db, kRuns + "broken.json", kSeedFiles[0]});
  EXPECT_EQ(o.status, kExitFailed);
  EXPECT_THAT(o.err, HasSubstr("history import: " + kRuns + "broken.json"));
  EXPECT_THAT(o.out, HasSubstr("imported " + kSeedFiles[0] + " as run 1"));
  EXPECT_THAT(
      RunTool({"import", "--db", db, "--labels", "oops", kSeedFiles[0]}).err,
      HasSubstr("--labels: BENCH_LABELS item \"oops\" has no '='"));
}

TEST(HistoryCliTest, TrendPrintsTheTableAndWritesTheChart) {
  const std::string db = StepDatabase("trend.db");
  const std::string svg = test::FreshTempPath("trend.svg");
  const std::string baseline = test::FreshTempPath("baseline.toml");
  std::ofstream(baseline) << "[[case]]\nisl = 1024\nosl = 128\ntpot_ms = 4.0\n";
  const Outcome o =
      RunTool({"trend", "--db", db, "--case", "Isl1024Osl128", "--metric",
               "tpot_ms", "--svg", svg, "--baseline", baseline});
  ASSERT_EQ(o.status, kExitOk) << o.err;
  EXPECT_THAT(o.out, HasSubstr("Baseline: 4.00 ms (" + baseline + ")"));
  EXPECT_THAT(o.out, HasSubstr("| 7 | 2026-03-01T00:07:00 |"));
  EXPECT_THAT(o.out, HasSubstr("Change point between run 6 and run 7"));
  EXPECT_THAT(o.err, HasSubstr("wrote " + svg));
  pugi::xml_document chart;
  ASSERT_TRUE(chart.load_file(svg.c_str()));
  EXPECT_EQ(chart.select_nodes("//circle[@class='point']").size(), 12u);
  EXPECT_EQ(chart.select_nodes("//line[@class='change-point']").size(), 1u);
  EXPECT_EQ(chart.select_nodes("//line[@class='baseline']").size(), 1u);

  const Outcome last = RunTool({"trend", "--db", db, "--case", "Isl1024Osl128",
                                "--metric", "tpot_ms", "--last", "4"});
  EXPECT_THAT(last.out, HasSubstr("4 runs, oldest first"));
  EXPECT_THAT(last.out, HasSubstr("No change points."));
}

TEST(HistoryCliTest, ChangesNamesTheStepAndCanFailTheJob) {
  const std::string db = StepDatabase("changes.db");
  const Outcome o = RunTool({"changes", "--db", db});
  ASSERT_EQ(o.status, kExitOk) << o.err;
  EXPECT_THAT(o.out, StartsWith("2 changes in 3 series over 12 runs"));
  EXPECT_THAT(o.out, HasSubstr("Isl1024Osl128 tpot_ms: +49.9% (4.00 ms \u2192 "
                               "6.00 ms, worse), p=0.0"));
  EXPECT_THAT(o.out, HasSubstr("between run 6 (2026-03-01T00:06:00) and run 7 "
                               "(2026-03-01T00:07:00)\n  what differs: label "
                               "sim_tpot_ms 4 \u2192 6"));
  EXPECT_THAT(o.out, Not(HasSubstr("ttft_ms:")));

  const Outcome gate = RunTool({"changes", "--db", db, "--fail-on-regression"});
  EXPECT_EQ(gate.status, kExitFailed);
  EXPECT_THAT(gate.err, HasSubstr("2 changes for the worse"));
  const Outcome recent =
      RunTool({"changes", "--db", db, "--recent", "3", "--fail-on-regression"});
  EXPECT_EQ(recent.status, kExitOk) << recent.out;
  const Outcome strict =
      RunTool({"changes", "--db", db, "--min-change-pct", "60"});
  EXPECT_THAT(strict.out, StartsWith("0 changes"));
}

TEST(HistoryCliTest, ProposeBaselineWritesALoadableFile) {
  const std::string db = StepDatabase("propose.db");
  const std::string out = test::FreshTempPath("proposed.toml");
  const Outcome o = RunTool({"propose-baseline", "--db", db, "--out", out,
                             "--label", "sim_tpot_ms=6"});
  ASSERT_EQ(o.status, kExitOk) << o.err;
  EXPECT_EQ(o.out, "wrote " + out + " from runs 8, 9, 10, 11, 12: 1 cases\n");
  Result<Baseline> baseline = LoadBaseline(out);
  ASSERT_TRUE(baseline.ok()) << baseline.error();
  ASSERT_EQ(baseline->cases.size(), 1u);
  EXPECT_NEAR(baseline->cases[0].figures.at(Metric::kTpotMs), 6.0, 0.011);
  EXPECT_EQ(baseline->server.at(Metric::kKvCacheGib), 62.2);
  EXPECT_THAT(baseline->context.recorded_from, HasSubstr(db + ", runs 8"));

  const Outcome exists =
      RunTool({"propose-baseline", "--db", db, "--out", out});
  EXPECT_EQ(exists.status, kExitFailed);
  EXPECT_THAT(exists.err, HasSubstr("exists; use --force"));
  // Across the step the runs are different configurations: refused.
  const Outcome mixed = RunTool(
      {"propose-baseline", "--db", db, "--out", out, "--force", "--last", "8"});
  EXPECT_EQ(mixed.status, kExitFailed);
  EXPECT_THAT(mixed.err, HasSubstr("label sim_tpot_ms 4 vs 6"));
}

TEST(HistoryCliTest, TheDatabaseComesFromBenchHistoryOrDb) {
  const std::string db = StepDatabase("env.db");
  ToolEnv env;
  env.history = db;
  EXPECT_THAT(RunTool({"list"}, env).out, HasSubstr("| 12 |"));
  const Outcome none = RunTool({"list"});
  EXPECT_EQ(none.status, kExitFailed);
  EXPECT_THAT(none.err, HasSubstr("no history database: pass --db PATH or set "
                                  "BENCH_HISTORY"));
  const Outcome missing =
      RunTool({"list", "--db", test::FreshTempPath("missing.db")});
  EXPECT_EQ(missing.status, kExitFailed);
  EXPECT_THAT(missing.err, HasSubstr("missing.db: cannot open it: there is no "
                                     "such file"));
  EXPECT_FALSE(std::filesystem::exists(test::FreshTempPath("missing.db")));
  // Relative paths resolve against the folder `bazel run` was started from.
  ToolEnv relative;
  relative.working_directory = std::filesystem::path(db).parent_path().string();
  EXPECT_EQ(RunTool({"list", "--db", "env.db"}, relative).status, kExitOk);
}

TEST(HistoryCliTest, UsageMistakesExitWithTwo) {
  EXPECT_EQ(RunTool({}).status, kExitUsage);
  EXPECT_EQ(RunTool({"frobnicate"}).status, kExitUsage);
  EXPECT_EQ(RunTool({"trend", "--db", "x.db"}).status,
            kExitUsage);  // no --case
  EXPECT_EQ(RunTool({"changes", "--permutations", "5"}).status, kExitUsage);
  const Outcome help = RunTool({"--help"});
  EXPECT_EQ(help.status, kExitOk);
  EXPECT_THAT(help.out, HasSubstr("propose-baseline"));
}

}  // namespace
}  // namespace servebench::history_tool
