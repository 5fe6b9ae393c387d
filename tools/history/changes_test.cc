// Change points over every series, with the runs and context around them.
#include "tools/history/changes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bench/history/test_runs.h"
#include "testing/golden.h"

namespace servebench::history_tool {
namespace {

using history::StoredRun;
using history::TestCase;
using history::TestStoredRun;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Fourteen runs of two cases. Isl1024Osl128's TPOT steps from 4 to 5 ms at
// run 8, where the label kernel changes and the commit moves; its TTFT and
// everything about Isl128Osl128 stay put (within 1%).
std::vector<StoredRun> History() {
  const double wiggle[] = {0.004, -0.006, 0.0,    0.008, -0.004, 0.002, -0.008,
                           0.006, 0.0,    -0.002, 0.004, -0.006, 0.008, 0.0};
  std::vector<StoredRun> runs;
  for (int i = 0; i < 14; ++i) {
    const double w = 1 + wiggle[i];
    StoredRun run = TestStoredRun(
        i + 1, TestCase("Isl1024Osl128",
                        {{"tpot_ms", (i < 7 ? 4.0 : 5.0) * w},
                         {"ttft_ms", 70 * w},
                         {"decode_tps", (i < 7 ? 250.0 : 200.0) * w}}));
    run.cases.push_back(
        TestCase("Isl128Osl128", {{"tpot_ms", 4 * w}, {"ttft_ms", 25 / w}}));
    run.run.labels = {{"kernel", i < 7 ? "marlin" : "cutlass"}};
    run.run.commit = std::string(40, i < 7 ? 'a' : 'b');
    runs.push_back(run);
  }
  return runs;
}

TEST(FindChangesTest, TheStepAndOnlyTheStep) {
  Result<ChangesFound> found = FindChanges(History(), {});
  ASSERT_TRUE(found.ok()) << found.error();
  EXPECT_EQ(found->series, 5u);
  EXPECT_EQ(found->runs, 14u);
  ASSERT_EQ(found->changes.size(), 2u);
  std::vector<std::string> metrics;
  for (const Change& c : found->changes) {
    EXPECT_EQ(c.case_name, "Isl1024Osl128");
    EXPECT_EQ(c.run_before, 7);
    EXPECT_EQ(c.run_after, 8);
    EXPECT_TRUE(c.regression);
    EXPECT_EQ(c.points_after, 7u);
    metrics.push_back(c.metric);
  }
  EXPECT_THAT(metrics, ElementsAre("tpot_ms", "decode_tps"));
  EXPECT_EQ(history::DescribeDifferences(found->changes[0].differences),
            "label kernel marlin \u2192 cutlass; commit aaaaaaaaaaaa \u2192 "
            "bbbbbbbbbbbb");
  EXPECT_TRUE(test::MatchesGolden(ChangesReport(*found, {}),
                                  "tools/history/testdata/changes_step.txt"));
}

TEST(FindChangesTest, AnImprovementIsNoRegression) {
  std::vector<StoredRun> runs = History();
  std::reverse(runs.begin(), runs.end());  // TPOT now falls from 5 to 4
  ChangesOptions options;
  options.metric = "tpot_ms";
  const ChangesFound found = FindChanges(runs, options).value();
  ASSERT_EQ(found.changes.size(), 1u);
  EXPECT_FALSE(found.changes[0].regression);
  EXPECT_LT(found.changes[0].point.relative_change, 0);
}

TEST(FindChangesTest, CaseMetricAndRecentNarrowTheSearch) {
  ChangesOptions options;
  options.case_name = "Isl128Osl128";
  EXPECT_THAT(FindChanges(History(), options).value().changes, IsEmpty());
  options = {};
  options.metric = "decode_tps";
  EXPECT_EQ(FindChanges(History(), options).value().changes.size(), 1u);
  options = {};
  options.recent = 3;  // the step is 7 runs back
  EXPECT_THAT(FindChanges(History(), options).value().changes, IsEmpty());
  options.recent = 7;
  EXPECT_EQ(FindChanges(History(), options).value().changes.size(), 2u);
}

TEST(FindChangesTest, UnknownCaseOrMetricIsAnError) {
  ChangesOptions options;
  options.case_name = "Isl9Osl9";
  EXPECT_THAT(FindChanges(History(), options).error(),
              HasSubstr("no run in the selection has case Isl9Osl9"));
  options = {};
  options.metric = "itl_ms_p99";
  EXPECT_THAT(FindChanges(History(), options).error(),
              HasSubstr("no case in the selection has the metric itl_ms_p99"));
}

}  // namespace
}  // namespace servebench::history_tool
