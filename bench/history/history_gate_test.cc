// Gating a case against the last N comparable runs.
#include "bench/history/history_gate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bench/history/test_runs.h"

namespace servebench::history {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kCase = "Isl1024Osl128";

// Runs 1..n whose decode_tps drifts as given.
std::vector<StoredRun> History(const std::vector<double>& decode_tps) {
  std::vector<StoredRun> runs;
  for (size_t i = 0; i < decode_tps.size(); ++i) {
    runs.push_back(TestStoredRun(
        static_cast<int64_t>(i + 1),
        TestCase(kCase, {{"decode_tps", decode_tps[i]}, {"tpot_ms", 4.0}})));
  }
  return runs;
}

Measured Samples(std::vector<double> samples) {
  double sum = 0;
  for (double s : samples) sum += s;
  return Measured{sum / samples.size(), samples};
}

TEST(HistoryGateTest, TheReferenceIsTheLastNComparableRuns) {
  std::vector<StoredRun> history = History({300, 200, 250, 252, 248, 251, 249});
  history[5].run.max_model_len = 8192;    // another configuration: skipped
  history[6].cases[0].status = "failed";  // its figures do not count
  HistoryGateOptions options;
  options.last_runs = 4;
  auto expectation =
      ExpectationFromHistory(history, TestRun(100), kCase, options);
  ASSERT_TRUE(expectation.ok()) << expectation.error();
  EXPECT_THAT(expectation->run_ids, ElementsAre(2, 3, 4, 5));
  EXPECT_EQ(expectation->figures.at(Metric::kDecodeTps), 249);
  // Largest deviation 49 of 249: 2 x 19.7% = 39.4%, rounded up to 39.4%.
  EXPECT_NEAR(expectation->tolerances.at(Metric::kDecodeTps).value, 0.394,
              1e-9);
  EXPECT_EQ(expectation->Describe(),
            "the median of runs 2, 3, 4, 5 in the history");
}

TEST(HistoryGateTest, AGradualDriftFailsWhileTheSpreadIsTight) {
  // A stale baseline would still pass 240 tok/s if it allowed 5% below 252;
  // the history says the last five runs were within 1 tok/s of 250.
  const std::vector<StoredRun> history = History({250, 251, 249, 250, 250.5});
  auto expectation = ExpectationFromHistory(history, TestRun(100), kCase, {});
  ASSERT_TRUE(expectation.ok()) << expectation.error();
  const Comparison drifted = GateAgainstHistory(
      {{Metric::kDecodeTps, Samples({239, 240, 241})}}, *expectation);
  ASSERT_EQ(drifted.metrics.size(), 1u);
  EXPECT_EQ(drifted.Overall(), Verdict::kRegression);
  EXPECT_THAT(drifted.metrics[0].Explain(),
              HasSubstr("4.0% below baseline 250.0 (allowed: 2%)"));

  const Comparison steady = GateAgainstHistory(
      {{Metric::kDecodeTps, Samples({249, 250, 251})}}, *expectation);
  EXPECT_EQ(steady.Overall(), Verdict::kPass);

  // Straddling the threshold: unclear, so the suite measures more runs.
  const Comparison noisy = GateAgainstHistory(
      {{Metric::kDecodeTps, Samples({235, 255, 245})}}, *expectation);
  EXPECT_EQ(noisy.Overall(), Verdict::kUnclear);
}

TEST(HistoryGateTest, TooFewComparableRunsGiveNoVerdict) {
  std::vector<StoredRun> history = History({250, 251});
  auto expectation = ExpectationFromHistory(history, TestRun(100), kCase, {});
  ASSERT_FALSE(expectation.ok());
  EXPECT_THAT(
      expectation.error(),
      HasSubstr("only 2 comparable runs of Isl1024Osl128 in the history"));
  EXPECT_THAT(expectation.error(), HasSubstr("3 are needed"));
}

TEST(HistoryGateTest, LabelsSeparateConfigurationsAndTheRunItselfIsLeftOut) {
  std::vector<StoredRun> history = History({250, 251, 249, 100});
  history[3].run.labels = {{"kernel", "marlin"}};
  HistoryRun current = TestRun(100);
  current.labels = {{"kernel", "marlin"}};
  EXPECT_FALSE(ExpectationFromHistory(history, current, kCase, {}).ok());
  HistoryGateOptions any_labels;
  any_labels.match_labels = false;
  auto expectation = ExpectationFromHistory(history, current, kCase, any_labels,
                                            /*exclude=*/4);
  ASSERT_TRUE(expectation.ok()) << expectation.error();
  EXPECT_THAT(expectation->run_ids, ElementsAre(1, 2, 3));
  // The same run read back from its results file is left out too.
  auto same =
      ExpectationFromHistory(history, history[3].run, kCase, any_labels);
  EXPECT_THAT(same->run_ids, ElementsAre(1, 2, 3));
}

}  // namespace
}  // namespace servebench::history
