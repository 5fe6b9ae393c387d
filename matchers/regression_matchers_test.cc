#include "matchers/regression_matchers.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace servebench {
namespace {

using testing::HasSubstr;
using testing::Not;

Tolerance Relative(double fraction) {
  return Tolerance{Tolerance::Kind::kRelative, fraction};
}

// The seed's v22 Marlin figures at 1024/1024 as a baseline.
BaselineExpectation V22Marlin() {
  BaselineExpectation e;
  e.source = "baselines/v22_marlin.toml [Isl1024Osl1024]";
  e.figures = {{Metric::kDecodeTps, 41.8},
               {Metric::kTpotMs, 23.9},
               {Metric::kKvCacheGib, 62.2}};
  e.tolerances = {{Metric::kDecodeTps, Relative(0.05)},
                  {Metric::kTpotMs, Relative(0.05)},
                  {Metric::kKvCacheGib, Relative(0.02)}};
  return e;
}

std::string Explain(const CaseMeasurement& measured,
                    const BaselineExpectation& e) {
  testing::StringMatchResultListener listener;
  testing::ExplainMatchResult(NoRegressionFrom(e), measured, &listener);
  return listener.str();
}

TEST(NoRegressionFromTest, WithinToleranceMatches) {
  const CaseMeasurement measured = {
      {Metric::kDecodeTps, {41.0, {40.9, 41.0, 41.1}}},
      {Metric::kTpotMs, {24.3, {24.2, 24.3, 24.4}}},
      {Metric::kKvCacheGib, {62.2, {}}}};
  EXPECT_THAT(measured, NoRegressionFrom(V22Marlin()));
  EXPECT_THAT(Explain(measured, V22Marlin()),
              HasSubstr("all 3 gated metrics within tolerance"));
}

TEST(NoRegressionFromTest, ReportsEveryMissNotJustTheFirst) {
  const CaseMeasurement measured = {
      {Metric::kDecodeTps, {38.1, {38.0, 38.1, 38.2}}},
      {Metric::kTpotMs, {26.2, {26.1, 26.2, 26.3}}},
      {Metric::kKvCacheGib, {55.0, {}}}};
  EXPECT_THAT(measured, Not(NoRegressionFrom(V22Marlin())));
  const std::string why = Explain(measured, V22Marlin());
  EXPECT_THAT(why, HasSubstr("decode_tps 38.1 tok/s is 8.9% below baseline "
                             "41.8 (allowed: 5%)"));
  EXPECT_THAT(why, HasSubstr("tpot_ms 26.2 ms is 9.6% above baseline 23.9"));
  EXPECT_THAT(why, HasSubstr("kv_cache_gib 55.0 GiB"));
}

TEST(NoRegressionFromTest, NoisyStraddlingRunIsInconclusiveAndSettingDecides) {
  // Mean 40.0 is above the 39.71 threshold but the spread straddles it.
  const CaseMeasurement measured = {
      {Metric::kDecodeTps, {40.0, {36.0, 40.0, 44.0}}}};
  BaselineExpectation strict = V22Marlin();
  EXPECT_THAT(measured, Not(NoRegressionFrom(strict)));
  EXPECT_THAT(Explain(measured, strict), HasSubstr("(inconclusive)"));
  EXPECT_THAT(Explain(measured, strict), HasSubstr("straddles"));

  BaselineExpectation lenient = V22Marlin();
  lenient.inconclusive_fails = false;
  EXPECT_THAT(measured, NoRegressionFrom(lenient));
}

TEST(NoRegressionFromTest, MetricsWithoutBaselineOrToleranceAreNotGated) {
  const CaseMeasurement measured = {{Metric::kTtftMs, {99999.0, {}}}};
  EXPECT_THAT(measured, NoRegressionFrom(V22Marlin()));
}

TEST(NoRegressionFromTest, DescribesThresholds) {
  const std::string description =
      testing::DescribeMatcher<CaseMeasurement>(NoRegressionFrom(V22Marlin()));
  EXPECT_THAT(description, HasSubstr("baselines/v22_marlin.toml"));
  EXPECT_THAT(description, HasSubstr("decode_tps >= 39.71 tok/s"));
  EXPECT_THAT(description, HasSubstr("tpot_ms <= 25.09 ms"));
  EXPECT_THAT(testing::DescribeMatcher<CaseMeasurement>(
                  Not(NoRegressionFrom(V22Marlin()))),
              HasSubstr("regressed beyond tolerance"));
}

TEST(WithinToleranceOfTest, SingleFigure) {
  EXPECT_THAT(40.0,
              WithinToleranceOf(Metric::kDecodeTps, 41.8, Relative(0.05)));
  EXPECT_THAT(38.1,
              Not(WithinToleranceOf(Metric::kDecodeTps, 41.8, Relative(0.05))));
  // Absolute tolerance on a lower-is-better metric: 2 ms over 23.9 is allowed.
  const Tolerance two_ms{Tolerance::Kind::kAbsolute, 2.0};
  EXPECT_THAT(25.8, WithinToleranceOf(Metric::kTpotMs, 23.9, two_ms));
  EXPECT_THAT(26.0, Not(WithinToleranceOf(Metric::kTpotMs, 23.9, two_ms)));
}

}  // namespace
}  // namespace servebench
