// Baselines proposed from the history.
#include "tools/history/propose.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bench/history/test_runs.h"

namespace servebench::history_tool {
namespace {

using history::StoredRun;
using history::TestCase;
using history::TestStoredRun;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Runs 1..6 of a passed Isl1024Osl128 and Isl128Osl128, memory facts, and
// a concurrency case; decode_tps as given per run.
std::vector<StoredRun> Runs(const std::vector<double>& decode_tps) {
  std::vector<StoredRun> runs;
  for (size_t i = 0; i < decode_tps.size(); ++i) {
    StoredRun run = TestStoredRun(
        static_cast<int64_t>(i + 1),
        TestCase("Isl1024Osl128",
                 {{"decode_tps", decode_tps[i]}, {"ttft_ms", 70.0 + i}}));
    run.cases.push_back(TestCase("Isl128Osl128", {{"decode_tps", 300.0}}));
    history::HistoryCase conc =
        TestCase("Isl128Osl128Conc8", {{"decode_tps", 80.0}});
    conc.level = 8;
    run.cases.push_back(conc);
    run.run.server = {{"kv_cache_gib", 62.2}, {"model_memory_gib", 44.2}};
    run.run.labels = {{"kernel", "marlin"}};
    runs.push_back(run);
  }
  return runs;
}

TEST(ProposeBaselineTest, MediansAndSpreadOfTheLastNRuns) {
  ProposeOptions options;
  options.history_path = "history.db";
  // The first run is older than N = 5 and left alone.
  Result<Proposal> proposal =
      ProposeBaseline(Runs({100, 250, 252, 248, 254, 246}), options);
  ASSERT_TRUE(proposal.ok()) << proposal.error();
  EXPECT_THAT(proposal->run_ids, ElementsAre(2, 3, 4, 5, 6));
  const Baseline& b = proposal->baseline;
  ASSERT_EQ(b.cases.size(), 2u);
  const BaselineCase& c = b.cases[0];
  EXPECT_EQ(c.isl, 1024);
  EXPECT_EQ(c.osl, 128);
  EXPECT_EQ(c.figures.at(Metric::kDecodeTps), 250);
  // Largest deviation 4 of 250 = 1.6%, doubled: 3.2%.
  EXPECT_EQ(
      c.tolerances.at(Metric::kDecodeTps).ToString(Info(Metric::kDecodeTps)),
      "3.2%");
  EXPECT_EQ(c.figures.at(Metric::kTtftMs), 73);  // median of 71..75
  // No spread at all: the 2% floor.
  EXPECT_EQ(b.cases[1].tolerances.at(Metric::kDecodeTps).value, 0.02);
  EXPECT_EQ(b.server.at(Metric::kKvCacheGib), 62.2);
  EXPECT_EQ(b.tolerances.at(Metric::kKvCacheGib).value, 0.02);
  EXPECT_EQ(b.context.model, "m");
  EXPECT_EQ(b.context.suite, "core");
  EXPECT_EQ(b.context.engine_version, "0.11.0");
  EXPECT_EQ(b.context.max_model_len, 4096);
  EXPECT_EQ(b.context.gpu_memory_utilization, 0.9);
  EXPECT_EQ(b.context.recorded_at, "2026-03-01T00:06:00");
  EXPECT_EQ(b.context.recorded_from, "history.db, runs 2, 3, 4, 5, 6");
  EXPECT_THAT(b.context.notes, HasSubstr("Labels: kernel=marlin."));
  EXPECT_THAT(proposal->left_out,
              ElementsAre(HasSubstr("Isl128Osl128Conc8: a concurrency level")));
  // What is written reads back as the same baseline.
  Result<Baseline> reread =
      ParseBaseline(SerializeBaseline(b), "proposed.toml");
  ASSERT_TRUE(reread.ok()) << reread.error();
  EXPECT_EQ(reread->cases[0].figures, c.figures);
  EXPECT_EQ(reread->cases[0].tolerances.at(Metric::kDecodeTps).value,
            c.tolerances.at(Metric::kDecodeTps).value);
}

TEST(ProposeBaselineTest, RefusesRunsThatAreNotApplesToApples) {
  std::vector<StoredRun> runs = Runs({250, 252, 248, 254, 246});
  runs[1].run.max_model_len = 8192;
  runs[3].run.labels = {{"kernel", "cutlass"}};
  const Result<Proposal> proposal = ProposeBaseline(runs, {});
  ASSERT_FALSE(proposal.ok());
  EXPECT_THAT(proposal.error(), HasSubstr("not apples-to-apples"));
  EXPECT_THAT(proposal.error(),
              HasSubstr("run 2 vs run 5: max_model_len 8192 vs 4096"));
  EXPECT_THAT(proposal.error(),
              HasSubstr("run 4 vs run 5: label kernel cutlass vs marlin"));
  EXPECT_THAT(proposal.error(), HasSubstr("--suite, --model or --label"));
}

TEST(ProposeBaselineTest, ACaseThatFailedOnceIsLeftOut) {
  std::vector<StoredRun> runs = Runs({250, 252, 248});
  runs[1].cases[1].status = "failed";
  const Proposal proposal = ProposeBaseline(runs, {}).value();
  ASSERT_EQ(proposal.baseline.cases.size(), 1u);
  EXPECT_THAT(proposal.left_out,
              testing::Contains("Isl128Osl128: failed in run 2"));
}

TEST(ProposeBaselineTest, TooFewRuns) {
  EXPECT_THAT(ProposeBaseline(Runs({250, 252}), {}).error(),
              HasSubstr("only 2 runs selected; a baseline needs at least 3"));
}

TEST(ProposeBaselineTest, EngineVersionsThatDisagreeAreLeftEmptyAndNoted) {
  std::vector<StoredRun> runs = Runs({250, 252, 248});
  runs[2].run.engine_version = "0.11.1";
  const Proposal proposal = ProposeBaseline(runs, {}).value();
  EXPECT_EQ(proposal.baseline.context.engine_version, "");
  EXPECT_THAT(
      proposal.baseline.context.notes,
      HasSubstr("engine_version differs across the runs (0.11.0, 0.11.1)"));
}

}  // namespace
}  // namespace servebench::history_tool
