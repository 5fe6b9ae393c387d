// Verdicts, intervals and explanations of a run against a baseline.
#include "bench/gating/regression.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "bench/gating/compare_one_testing.h"

namespace servebench {
namespace {

using testing::DoubleNear;
using testing::ElementsAre;
using testing::Optional;

TEST(StudentTTest, TableValues) {
  EXPECT_NEAR(StudentT975(1), 12.706, 1e-3);
  EXPECT_NEAR(StudentT975(2), 4.303, 1e-3);
  EXPECT_NEAR(StudentT975(4), 2.776, 1e-3);
  EXPECT_NEAR(StudentT975(9), 2.262, 1e-3);
  EXPECT_NEAR(StudentT975(30), 2.042, 1e-3);
}

TEST(StudentTTest, BeyondTheTableApproachesTheNormalQuantile) {
  EXPECT_NEAR(StudentT975(40), 2.021, 1e-3);
  EXPECT_NEAR(StudentT975(50), 2.009, 2e-3);  // exact 2.0086
  EXPECT_NEAR(StudentT975(60), 2.000, 1e-3);
  EXPECT_NEAR(StudentT975(120), 1.980, 1e-3);
  EXPECT_NEAR(StudentT975(240), 1.970, 1e-3);  // exact 1.9700
  EXPECT_NEAR(StudentT975(1000000), 1.960, 1e-3);
  double previous = StudentT975(1);
  for (int df = 2; df <= 500; ++df) {
    const double t = StudentT975(df);
    ASSERT_LT(t, previous) << "df " << df;
    ASSERT_GT(t, 1.95996) << "df " << df;
    previous = t;
  }
}

TEST(StudentTTest, NoDegreesOfFreedomMeansNoBound) {
  EXPECT_EQ(StudentT975(0), std::numeric_limits<double>::infinity());
}

TEST(CompareTest, IntervalFromThreeSamples) {
  // mean 41, s 1, t(2) = 4.303: half-width 4.303 / sqrt(3) = 2.484.
  const auto c =
      CompareOne(Metric::kDecodeTps, Runs({40, 41, 42}), 41, {kRel, 0.05});
  EXPECT_DOUBLE_EQ(c.measured, 41);
  EXPECT_THAT(c.ci_low, Optional(DoubleNear(41 - 2.484, 1e-3)));
  EXPECT_THAT(c.ci_high, Optional(DoubleNear(41 + 2.484, 1e-3)));
}

TEST(CompareTest, IntervalFromTwoSamples) {
  // mean 10, s sqrt(2), t(1) = 12.706: half-width 12.706 * sqrt(2) / sqrt(2).
  const auto c = CompareOne(Metric::kTpotMs, Runs({9, 11}), 10, {kRel, 0.05});
  EXPECT_THAT(c.ci_low, Optional(DoubleNear(10 - 12.706, 1e-3)));
  EXPECT_THAT(c.ci_high, Optional(DoubleNear(10 + 12.706, 1e-3)));
}

TEST(CompareTest, NoIntervalWithoutSpread) {
  EXPECT_FALSE(
      CompareOne(Metric::kTpotMs, Runs({24}), 24, {kRel, 0.05}).ci_low);
  EXPECT_FALSE(
      CompareOne(Metric::kTpotMs, Runs({24, 24, 24}), 24, {kRel, 0.05}).ci_low);
  EXPECT_FALSE(
      CompareOne(Metric::kKvCacheGib, Measured{62.2, {}}, 62.2, {kRel, 0.02})
          .ci_low);
}

TEST(CompareTest, ChangeIsRelativeToTheBaselinesMagnitude) {
  const auto down =
      CompareOne(Metric::kDecodeTps, Measured{38.1, {}}, 41.8, {kRel, 0.05});
  EXPECT_NEAR(down.change_pct, -8.8517, 1e-3);
  EXPECT_NEAR(down.threshold, 39.71, 1e-9);
  const auto up =
      CompareOne(Metric::kTtftMs, Measured{120.3, {}}, 116.7, {kRel, 0.25});
  EXPECT_NEAR(up.change_pct, 3.0848, 1e-3);
  EXPECT_NEAR(up.threshold, 145.875, 1e-9);
}

TEST(CompareTest, ZeroBaselineHasNoPercentageChange) {
  const auto same = CompareOne(Metric::kTtftMs, Measured{0, {}}, 0, {kAbs, 2});
  EXPECT_EQ(same.change_pct, 0);
  EXPECT_EQ(same.verdict, Verdict::kPass);
  const auto worse = CompareOne(Metric::kTtftMs, Measured{5, {}}, 0, {kAbs, 2});
  EXPECT_EQ(worse.change_pct, 0);
  EXPECT_TRUE(std::isfinite(worse.change_pct));
  EXPECT_EQ(worse.verdict, Verdict::kRegression);
  EXPECT_EQ(worse.Explain(),
            "ttft_ms 5.00 ms is 5.00 ms above baseline 0.00 (a zero baseline "
            "has no percentage change; allowed: 2 ms)");
}

TEST(CompareTest, SeedLongContextTtftSpreadIsUnclear) {
  // The seed's 32K-prompt TTFT: two fast runs and one slow one. The mean
  // equals the baseline, but the interval is far too wide to call it.
  const auto c = CompareOne(Metric::kTtftMs, Runs({7737.3, 7768.5, 18942.0}),
                            11482.6, {kRel, 0.25});
  EXPECT_NEAR(c.measured, 11482.6, 1e-6);
  EXPECT_NEAR(c.threshold, 14353.25, 1e-6);
  // s = 6460.05, half-width 4.3027 * 6460.05 / sqrt(3) = 16048.
  EXPECT_THAT(c.ci_low, Optional(DoubleNear(11482.6 - 16048.0, 2.0)));
  EXPECT_THAT(c.ci_high, Optional(DoubleNear(11482.6 + 16048.0, 2.0)));
  EXPECT_EQ(c.verdict, Verdict::kUnclear);
  EXPECT_EQ(c.Explain(),
            "ttft_ms 11482.6 ms matches baseline 11482.6 (allowed: 25%), but "
            "its 95% interval -4565.2\u201327530.4 ms straddles the threshold "
            "14353.2");
}

// Compare's explanation of its verdict on one metric, as a user reads it.
struct ExplainCase {
  std::string name;
  Metric metric;
  Measured measured;
  double baseline;
  Tolerance tolerance;
  Verdict verdict;
  std::string explanation;
};

class ExplainFromCompareTest : public testing::TestWithParam<ExplainCase> {};

TEST_P(ExplainFromCompareTest, Explains) {
  const auto& p = GetParam();
  const auto c = CompareOne(p.metric, p.measured, p.baseline, p.tolerance);
  ASSERT_EQ(c.verdict, p.verdict);
  EXPECT_EQ(c.Explain(), p.explanation);
}

INSTANTIATE_TEST_SUITE_P(
    Verdicts, ExplainFromCompareTest,
    testing::Values(
        ExplainCase{"Regression",
                    Metric::kDecodeTps,
                    Measured{38.1, {}},
                    41.8,
                    {kRel, 0.05},
                    Verdict::kRegression,
                    "decode_tps 38.1 tok/s is 8.9% below baseline 41.8 "
                    "(allowed: 5%)"},
        ExplainCase{"Pass",
                    Metric::kTtftMs,
                    Measured{120.3, {}},
                    116.7,
                    {kRel, 0.25},
                    Verdict::kPass,
                    "ttft_ms 120.3 ms is 3.1% above baseline 116.7 (allowed: "
                    "25%)"},
        // 24.6 ± 4.3027 * 1.1 / sqrt(3) = 24.6 ± 2.73.
        ExplainCase{"UnclearFromCompare",
                    Metric::kTpotMs,
                    Runs({23.5, 24.6, 25.7}),
                    23.9,
                    {kRel, 0.05},
                    Verdict::kUnclear,
                    "tpot_ms 24.6 ms is 2.9% above baseline 23.9 (allowed: "
                    "5%), but its 95% interval 21.9\u201327.3 ms straddles "
                    "the threshold 25.1"},
        ExplainCase{"Improved",
                    Metric::kDecodeTps,
                    Measured{46.0, {}},
                    41.8,
                    {kRel, 0.05},
                    Verdict::kImproved,
                    "decode_tps 46.0 tok/s is 10.0% above baseline 41.8 "
                    "(allowed: 5%), better than the tolerance: worth "
                    "refreshing the baseline"}),
    [](const testing::TestParamInfo<ExplainCase>& info) {
      return info.param.name;
    });

TEST(ExplainTest, UnclearNamesTheIntervalAndThreshold) {
  MetricComparison c;
  c.metric = Metric::kTpotMs;
  c.measured = 24.6;
  c.baseline = 23.9;
  c.tolerance = {kRel, 0.05};
  c.threshold = 25.095;
  c.change_pct = (24.6 - 23.9) / 23.9 * 100;
  c.ci_low = 22.1;
  c.ci_high = 27.0;
  c.verdict = Verdict::kUnclear;
  const std::string expected =
      "tpot_ms 24.6 ms is 2.9% above baseline 23.9 (allowed: 5%), but its 95% "
      "interval 22.1\u201327.0 ms straddles the threshold 25.1";
  EXPECT_EQ(c.Explain(), expected);
  c.verdict = Verdict::kInconclusive;
  EXPECT_EQ(c.Explain(), expected);
}

TEST(ExplainTest, DecimalsFollowTheUnitAndSize) {
  EXPECT_EQ(
      CompareOne(Metric::kKvCacheGib, Measured{9.5, {}}, 9.5, {kRel, 0.02})
          .Explain(),
      "kv_cache_gib 9.50 GiB matches baseline 9.50 (allowed: 2%)");
  EXPECT_EQ(CompareOne(Metric::kKvCacheTokens, Measured{1130000, {}}, 1131008,
                       {kAbs, 2000})
                .Explain(),
            "kv_cache_tokens 1130000 tokens is 0.1% below baseline 1131008 "
            "(allowed: 2000 tokens)");
  EXPECT_EQ(CompareOne(Metric::kTpotMs, Measured{9.876, {}}, 9.5, {kAbs, 1})
                .Explain(),
            "tpot_ms 9.88 ms is 4.0% above baseline 9.50 (allowed: 1 ms)");
}

TEST(CompareTest, GatesOnlyMetricsKnownOnBothSidesWithATolerance) {
  const Comparison c = Compare({{Metric::kTtftMs, Measured{100, {}}},
                                {Metric::kTpotMs, Measured{24, {}}},
                                {Metric::kDecodeTps, Measured{40, {}}},
                                {Metric::kKvCacheGib, Measured{62, {}}}},
                               {{Metric::kTtftMs, 100},
                                {Metric::kDecodeTps, 41},
                                {Metric::kE2eTps, 30},
                                {Metric::kKvCacheGib, 62}},
                               {{Metric::kTtftMs, {kRel, 0.25}},
                                {Metric::kTpotMs, {kRel, 0.05}},
                                {Metric::kDecodeTps, {kRel, 0.05}},
                                {Metric::kE2eTps, {kRel, 0.1}}});
  std::vector<Metric> gated;
  for (const auto& m : c.metrics) gated.push_back(m.metric);
  // tpot: no baseline; e2e: not measured; kv_cache_gib: no tolerance.
  EXPECT_THAT(gated, ElementsAre(Metric::kTtftMs, Metric::kDecodeTps));
}

Comparison WithVerdicts(std::vector<Verdict> verdicts) {
  Comparison c;
  for (Verdict v : verdicts) {
    MetricComparison m;
    m.verdict = v;
    c.metrics.push_back(m);
  }
  return c;
}

TEST(OverallTest, TheWorstVerdictWins) {
  using V = Verdict;
  EXPECT_EQ(WithVerdicts({}).Overall(), V::kPass);
  EXPECT_EQ(WithVerdicts({V::kPass, V::kImproved}).Overall(), V::kPass);
  EXPECT_EQ(WithVerdicts({V::kImproved, V::kImproved}).Overall(), V::kImproved);
  EXPECT_EQ(WithVerdicts({V::kImproved, V::kUnclear, V::kPass}).Overall(),
            V::kUnclear);
  EXPECT_EQ(WithVerdicts({V::kUnclear, V::kInconclusive}).Overall(),
            V::kInconclusive);
  EXPECT_EQ(
      WithVerdicts({V::kInconclusive, V::kRegression, V::kPass}).Overall(),
      V::kRegression);
}

TEST(OverallTest, HasVerdict) {
  const Comparison c = WithVerdicts({Verdict::kPass, Verdict::kUnclear});
  EXPECT_TRUE(c.HasVerdict(Verdict::kPass));
  EXPECT_TRUE(c.HasVerdict(Verdict::kUnclear));
  EXPECT_FALSE(c.HasVerdict(Verdict::kRegression));
  EXPECT_FALSE(WithVerdicts({}).HasVerdict(Verdict::kPass));
}

TEST(OverallTest, UnclearBecomesInconclusiveAtTheLastRun) {
  Comparison c =
      WithVerdicts({Verdict::kUnclear, Verdict::kPass, Verdict::kUnclear,
                    Verdict::kRegression, Verdict::kImproved});
  MarkUnclearInconclusive(c);
  std::vector<Verdict> verdicts;
  for (const auto& m : c.metrics) verdicts.push_back(m.verdict);
  EXPECT_THAT(verdicts, ElementsAre(Verdict::kInconclusive, Verdict::kPass,
                                    Verdict::kInconclusive,
                                    Verdict::kRegression, Verdict::kImproved));
}

TEST(VerdictNameTest, Names) {
  EXPECT_STREQ(VerdictName(Verdict::kPass), "pass");
  EXPECT_STREQ(VerdictName(Verdict::kImproved), "improved");
  EXPECT_STREQ(VerdictName(Verdict::kRegression), "regression");
  EXPECT_STREQ(VerdictName(Verdict::kUnclear), "unclear");
  EXPECT_STREQ(VerdictName(Verdict::kInconclusive), "inconclusive");
}

}  // namespace
}  // namespace servebench
