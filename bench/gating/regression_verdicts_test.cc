// Compare's verdict on one metric, as tables: by the mean alone (one run) and
// by the mean's interval (three runs).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bench/gating/compare_one_testing.h"
#include "bench/gating/regression.h"

namespace servebench {
namespace {

// One metric's runs against its baseline, and the verdict Compare must give.
struct VerdictCase {
  std::string name;
  Metric metric;
  std::vector<double> runs;
  double baseline;
  Tolerance tolerance;
  Verdict expected;
};

class VerdictTest : public testing::TestWithParam<VerdictCase> {};

TEST_P(VerdictTest, Decides) {
  const auto& p = GetParam();
  const auto c = CompareOne(p.metric, Runs(p.runs), p.baseline, p.tolerance);
  EXPECT_EQ(c.verdict, p.expected)
      << VerdictName(c.verdict) << ": " << c.Explain();
  // One run has no interval: its mean alone decides.
  EXPECT_EQ(c.ci_low.has_value(), p.runs.size() > 1);
}

// Mean alone (one sample): each verdict on each side, both tolerance kinds.
INSTANTIATE_TEST_SUITE_P(
    MeanAlone, VerdictTest,
    testing::Values(
        // decode_tps, higher is better, 5% of 40 = 2: threshold 38.
        VerdictCase{"HigherWithinRelative",
                    Metric::kDecodeTps,
                    {38.5},
                    40,
                    {kRel, 0.05},
                    Verdict::kPass},
        VerdictCase{"HigherAtThresholdPasses",
                    Metric::kDecodeTps,
                    {38},
                    40,
                    {kRel, 0.05},
                    Verdict::kPass},
        VerdictCase{"HigherBelowRelative",
                    Metric::kDecodeTps,
                    {37.9},
                    40,
                    {kRel, 0.05},
                    Verdict::kRegression},
        VerdictCase{"HigherImprovedRelative",
                    Metric::kDecodeTps,
                    {42.1},
                    40,
                    {kRel, 0.05},
                    Verdict::kImproved},
        VerdictCase{"HigherAtGoodEdgeIsAPass",
                    Metric::kDecodeTps,
                    {42},
                    40,
                    {kRel, 0.05},
                    Verdict::kPass},
        VerdictCase{"HigherBelowAbsolute",
                    Metric::kKvCacheTokens,
                    {1129000},
                    1131008,
                    {kAbs, 1000},
                    Verdict::kRegression},
        VerdictCase{"HigherWithinAbsolute",
                    Metric::kKvCacheTokens,
                    {1130100},
                    1131008,
                    {kAbs, 1000},
                    Verdict::kPass},
        VerdictCase{"HigherImprovedAbsolute",
                    Metric::kKvCacheGib,
                    {63.0},
                    62.2,
                    {kAbs, 0.5},
                    Verdict::kImproved},
        // ttft_ms, lower is better, 25% of 100 = 25: threshold 125.
        VerdictCase{"LowerWithinRelative",
                    Metric::kTtftMs,
                    {124},
                    100,
                    {kRel, 0.25},
                    Verdict::kPass},
        VerdictCase{"LowerAboveRelative",
                    Metric::kTtftMs,
                    {126},
                    100,
                    {kRel, 0.25},
                    Verdict::kRegression},
        VerdictCase{"LowerImprovedRelative",
                    Metric::kTtftMs,
                    {74},
                    100,
                    {kRel, 0.25},
                    Verdict::kImproved},
        VerdictCase{"LowerWithinAbsolute",
                    Metric::kTpotMs,
                    {25.9},
                    24,
                    {kAbs, 2},
                    Verdict::kPass},
        VerdictCase{"LowerAboveAbsolute",
                    Metric::kTpotMs,
                    {26.1},
                    24,
                    {kAbs, 2},
                    Verdict::kRegression},
        VerdictCase{"LowerImprovedAbsolute",
                    Metric::kModelMemoryGib,
                    {43.0},
                    44.2,
                    {kAbs, 0.5},
                    Verdict::kImproved},
        VerdictCase{"ZeroToleranceAnyWorseFails",
                    Metric::kE2eTps,
                    {33.99},
                    34,
                    {kRel, 0},
                    Verdict::kRegression},
        VerdictCase{"ZeroToleranceAnyBetterImproves",
                    Metric::kE2eTps,
                    {34.01},
                    34,
                    {kRel, 0},
                    Verdict::kImproved}),
    [](const testing::TestParamInfo<VerdictCase>& info) {
      return info.param.name;
    });

// Three runs: the verdict follows the mean's 95% interval (t = 4.3027 for two
// degrees of freedom), not the mean alone.
INSTANTIATE_TEST_SUITE_P(
    Interval, VerdictTest,
    testing::Values(
        // decode_tps 41 ± 2.484 against threshold 38 (5% below 40).
        VerdictCase{"WholeIntervalAcceptableIsAPass",
                    Metric::kDecodeTps,
                    {40, 41, 42},
                    40,
                    {kRel, 0.05},
                    Verdict::kPass},
        // decode_tps 31 ± 2.484 against threshold 38: even its top is too
        // slow.
        VerdictCase{"WholeIntervalBeyondIsARegression",
                    Metric::kDecodeTps,
                    {30, 31, 32},
                    40,
                    {kRel, 0.05},
                    Verdict::kRegression},
        // Mean 39 passes the threshold 38 alone, but 39 ± 2.484 reaches 36.5.
        VerdictCase{"StraddlingIntervalIsUnclearEvenWithAGoodMean",
                    Metric::kDecodeTps,
                    {38, 39, 40},
                    40,
                    {kRel, 0.05},
                    Verdict::kUnclear},
        // ttft 130 ± 2.484·5 against threshold 125 (25% above 100).
        VerdictCase{"StraddlingIntervalIsUnclearEvenWithABadMean",
                    Metric::kTtftMs,
                    {125, 130, 135},
                    100,
                    {kRel, 0.25},
                    Verdict::kUnclear},
        // ttft 140 ± 4.97: its bottom 135.03 is still above the threshold
        // 125.
        VerdictCase{"LowerIsBetterIntervalRegression",
                    Metric::kTtftMs,
                    {138, 140, 142},
                    100,
                    {kRel, 0.25},
                    Verdict::kRegression},
        // Improved needs a passing interval: mean 50 is far better than
        // 40 + 5%, but this interval reaches 36...
        VerdictCase{"ImprovedNeedsAPassingIntervalNoisy",
                    Metric::kDecodeTps,
                    {36, 50, 64},
                    40,
                    {kRel, 0.05},
                    Verdict::kUnclear},
        // ...and this one does not.
        VerdictCase{"ImprovedNeedsAPassingIntervalSteady",
                    Metric::kDecodeTps,
                    {49, 50, 51},
                    40,
                    {kRel, 0.05},
                    Verdict::kImproved}),
    [](const testing::TestParamInfo<VerdictCase>& info) {
      return info.param.name;
    });

}  // namespace
}  // namespace servebench
