// Figure formatting: unknown is "n/a", never 0; signs use a real minus.
#include "tools/report/format.h"

#include <gtest/gtest.h>

#include "tools/report/reference.h"

namespace servebench::report {
namespace {

TEST(FormatTest, UnknownIsNotApplicable) {
  EXPECT_EQ(FixedOr(std::nullopt, 1), "n/a");
  EXPECT_EQ(FormatMetric(Metric::kDecodeTps, std::nullopt), "n/a");
}

TEST(FormatTest, DecimalsFollowTheMetric) {
  EXPECT_EQ(FormatMetric(Metric::kDecodeTps, 42.14), "42.1");
  EXPECT_EQ(FormatMetric(Metric::kTpotMs, 23.984), "23.98");
  EXPECT_EQ(FormatMetric(Metric::kKvCacheTokens, 1131008), "1131008");
  EXPECT_EQ(FormatMetric(Metric::kModelMemoryGib, 44.24), "44.2");
  EXPECT_EQ(FormatMetric(Metric::kEnergyPerOutputTokenJ, 0.123456), "0.1235");
  EXPECT_EQ(FormatMetric(Metric::kServerTpotMs, 4.016), "4.02");
}

TEST(FormatTest, SignedPercent) {
  EXPECT_EQ(SignedPercent(-8.93), "\u22128.9%");
  EXPECT_EQ(SignedPercent(2.06), "+2.1%");
  EXPECT_EQ(SignedPercent(-0.04), "0.0%");
  EXPECT_EQ(SignedPercent(0), "0.0%");
}

TEST(FormatTest, ChangePctNeedsBothSidesAndANonZeroReference) {
  EXPECT_DOUBLE_EQ(*ChangePct(38.1, 41.8), (38.1 - 41.8) / 41.8 * 100);
  EXPECT_FALSE(ChangePct(std::nullopt, 41.8).has_value());
  EXPECT_FALSE(ChangePct(1.0, 0.0).has_value());
}

}  // namespace
}  // namespace servebench::report
