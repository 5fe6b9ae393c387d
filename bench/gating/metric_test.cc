// The metric table, thresholds and tolerance parsing.
#include "bench/gating/metric.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace servebench {
namespace {

using testing::DoubleEq;
using testing::ElementsAre;
using testing::HasSubstr;

TEST(MetricTest, TableListsPerCaseFiguresThenMemoryFacts) {
  std::vector<std::string> names;
  std::vector<bool> per_case;
  for (const auto& info : AllMetrics()) {
    names.push_back(info.name);
    per_case.push_back(info.per_case);
  }
  EXPECT_THAT(names, ElementsAre("ttft_ms", "tpot_ms", "decode_tps", "e2e_tps",
                                 "server_ttft_ms", "server_tpot_ms",
                                 "ttft_overhead_ms", "tpot_client_server_pct",
                                 "gpu_power_w_avg", "gpu_power_w_max",
                                 "gpu_energy_j", "energy_per_output_token_j",
                                 "gpu_memory_used_gib_max", "model_memory_gib",
                                 "kv_cache_gib", "kv_cache_tokens"));
  EXPECT_THAT(per_case,
              ElementsAre(true, true, true, true, true, true, true, true, true,
                          true, true, true, true, false, false, false));
}

TEST(MetricTest, ServerClockOverheadsAndEnergyAreLowerIsBetter) {
  for (Metric m :
       {Metric::kServerTtftMs, Metric::kServerTpotMs, Metric::kTtftOverheadMs,
        Metric::kTpotClientServerPct, Metric::kGpuPowerWAvg,
        Metric::kGpuPowerWMax, Metric::kGpuEnergyJ,
        Metric::kEnergyPerOutputTokenJ, Metric::kGpuMemoryUsedGibMax}) {
    EXPECT_FALSE(Info(m).higher_is_better) << Info(m).name;
    EXPECT_FALSE(Info(m).per_run) << Info(m).name;
  }
  EXPECT_TRUE(Info(Metric::kTtftMs).per_run);
  EXPECT_STREQ(Info(Metric::kEnergyPerOutputTokenJ).unit, "J/token");
  // A percentage gated in points: "1 pp" is absolute, "1%" relative.
  auto points = ParseTolerance("1 pp", Info(Metric::kTpotClientServerPct));
  ASSERT_TRUE(points.ok()) << points.error();
  EXPECT_EQ(points->kind, Tolerance::Kind::kAbsolute);
  auto joules =
      ParseTolerance("0.01 J/token", Info(Metric::kEnergyPerOutputTokenJ));
  ASSERT_TRUE(joules.ok()) << joules.error();
  EXPECT_EQ(joules->value, 0.01);
}

TEST(MetricTest, DirectionsAndUnits) {
  EXPECT_FALSE(Info(Metric::kTtftMs).higher_is_better);
  EXPECT_FALSE(Info(Metric::kTpotMs).higher_is_better);
  EXPECT_TRUE(Info(Metric::kDecodeTps).higher_is_better);
  EXPECT_TRUE(Info(Metric::kE2eTps).higher_is_better);
  EXPECT_FALSE(Info(Metric::kModelMemoryGib).higher_is_better);
  EXPECT_TRUE(Info(Metric::kKvCacheGib).higher_is_better);
  EXPECT_TRUE(Info(Metric::kKvCacheTokens).higher_is_better);
  EXPECT_STREQ(Info(Metric::kTtftMs).unit, "ms");
  EXPECT_STREQ(Info(Metric::kDecodeTps).unit, "tok/s");
  EXPECT_STREQ(Info(Metric::kKvCacheGib).unit, "GiB");
  EXPECT_STREQ(Info(Metric::kKvCacheTokens).unit, "tokens");
}

TEST(MetricTest, LooksUpByName) {
  for (const auto& info : AllMetrics()) {
    EXPECT_EQ(MetricByName(info.name), info.metric) << info.name;
    EXPECT_EQ(Info(info.metric).name, info.name);
  }
  EXPECT_EQ(MetricByName("decode_tps"), Metric::kDecodeTps);
  EXPECT_EQ(MetricByName("decode"), std::nullopt);
  EXPECT_EQ(MetricByName("TTFT_MS"), std::nullopt);
  EXPECT_EQ(MetricByName(""), std::nullopt);
}

TEST(ThresholdTest, RelativeHigherIsBetterSubtractsAFractionOfTheBaseline) {
  const Tolerance five{Tolerance::Kind::kRelative, 0.05};
  EXPECT_THAT(five.Threshold(41.8, Info(Metric::kDecodeTps)),
              DoubleEq(41.8 - 2.09));
}

TEST(ThresholdTest, RelativeLowerIsBetterAddsAFractionOfTheBaseline) {
  const Tolerance quarter{Tolerance::Kind::kRelative, 0.25};
  EXPECT_THAT(quarter.Threshold(116.0, Info(Metric::kTtftMs)), DoubleEq(145.0));
}

TEST(ThresholdTest, AbsoluteInTheMetricsUnit) {
  const Tolerance two{Tolerance::Kind::kAbsolute, 2};
  EXPECT_THAT(two.Threshold(23.9, Info(Metric::kTpotMs)), DoubleEq(25.9));
  EXPECT_THAT(two.Threshold(41.8, Info(Metric::kDecodeTps)), DoubleEq(39.8));
  const Tolerance half_gib{Tolerance::Kind::kAbsolute, 0.5};
  EXPECT_THAT(half_gib.Threshold(44.2, Info(Metric::kModelMemoryGib)),
              DoubleEq(44.7));
  EXPECT_THAT(half_gib.Threshold(62.2, Info(Metric::kKvCacheGib)),
              DoubleEq(61.7));
}

TEST(ThresholdTest, RelativeUsesTheBaselinesMagnitude) {
  // A negative baseline must not flip which side is worse.
  const Tolerance ten{Tolerance::Kind::kRelative, 0.10};
  EXPECT_THAT(ten.Threshold(-10, Info(Metric::kTtftMs)), DoubleEq(-9));
  EXPECT_THAT(ten.Threshold(-10, Info(Metric::kDecodeTps)), DoubleEq(-11));
  EXPECT_THAT(ten.Threshold(0, Info(Metric::kDecodeTps)), DoubleEq(0));
}

TEST(ToleranceTest, ToStringAsAUserWritesIt) {
  const struct {
    Tolerance tolerance;
    Metric metric;
    const char* text;
  } cases[] = {
      {{Tolerance::Kind::kRelative, 0.05}, Metric::kDecodeTps, "5%"},
      {{Tolerance::Kind::kRelative, 0.005}, Metric::kDecodeTps, "0.5%"},
      {{Tolerance::Kind::kAbsolute, 2}, Metric::kTtftMs, "2 ms"},
      {{Tolerance::Kind::kAbsolute, 1000},
       Metric::kKvCacheTokens,
       "1000 tokens"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(c.tolerance.ToString(Info(c.metric)), c.text);
  }
}

struct GoodTolerance {
  const char* text;
  Metric metric;
  Tolerance::Kind kind;
  double value;
};

class ParseToleranceTest : public testing::TestWithParam<GoodTolerance> {};

TEST_P(ParseToleranceTest, ReadsKindAndValue) {
  const auto& p = GetParam();
  auto tolerance = ParseTolerance(p.text, Info(p.metric));
  ASSERT_TRUE(tolerance.ok()) << p.text << ": " << tolerance.error();
  EXPECT_EQ(tolerance->kind, p.kind) << p.text;
  EXPECT_THAT(tolerance->value, DoubleEq(p.value)) << p.text;
}

constexpr auto kRel = Tolerance::Kind::kRelative;
constexpr auto kAbs = Tolerance::Kind::kAbsolute;

INSTANTIATE_TEST_SUITE_P(
    Accepted, ParseToleranceTest,
    testing::Values(GoodTolerance{"5%", Metric::kDecodeTps, kRel, 0.05},
                    GoodTolerance{"0.5 %", Metric::kTtftMs, kRel, 0.005},
                    GoodTolerance{" 25% ", Metric::kTtftMs, kRel, 0.25},
                    GoodTolerance{"0%", Metric::kTpotMs, kRel, 0},
                    GoodTolerance{"2 ms", Metric::kTtftMs, kAbs, 2},
                    GoodTolerance{"2ms", Metric::kTpotMs, kAbs, 2},
                    GoodTolerance{"0.5 GiB", Metric::kKvCacheGib, kAbs, 0.5},
                    GoodTolerance{"3 tok/s", Metric::kDecodeTps, kAbs, 3},
                    GoodTolerance{"1000 tokens", Metric::kKvCacheTokens, kAbs,
                                  1000}));

struct BadTolerance {
  const char* text;
  Metric metric;
  const char* expected;
};

class BadToleranceTest : public testing::TestWithParam<BadTolerance> {};

TEST_P(BadToleranceTest, SaysWhatIsWrong) {
  const auto& p = GetParam();
  auto tolerance = ParseTolerance(p.text, Info(p.metric));
  ASSERT_FALSE(tolerance.ok()) << p.text;
  EXPECT_THAT(tolerance.error(), HasSubstr(p.expected));
}

INSTANTIATE_TEST_SUITE_P(
    Rejected, BadToleranceTest,
    testing::Values(
        BadTolerance{
            "2 GiB", Metric::kTtftMs,
            "tolerance \"2 GiB\" for ttft_ms has unit \"GiB\": write a "
            "percentage (\"5%\") or ms (\"2 ms\")"},
        BadTolerance{"3 tok/s", Metric::kKvCacheGib, "has unit \"tok/s\""},
        BadTolerance{"1000 token", Metric::kKvCacheTokens,
                     "has unit \"token\""},
        BadTolerance{"5 percent", Metric::kDecodeTps, "has unit \"percent\""},
        BadTolerance{"5", Metric::kDecodeTps, "has unit \"\""},
        BadTolerance{"-5%", Metric::kDecodeTps,
                     "tolerance \"-5%\" for decode_tps must be zero or more"},
        BadTolerance{"-2 ms", Metric::kTtftMs, "must be zero or more"},
        BadTolerance{"inf%", Metric::kTtftMs, "must be zero or more"},
        BadTolerance{"five%", Metric::kDecodeTps,
                     "tolerance \"five%\" for decode_tps is not a number with "
                     "a unit: write e.g. \"5%\" or \"2 tok/s\""},
        BadTolerance{"", Metric::kTtftMs, "is not a number with a unit"},
        BadTolerance{"% 5", Metric::kTtftMs, "is not a number with a unit"}));

}  // namespace
}  // namespace servebench
