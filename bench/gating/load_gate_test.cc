// Load levels in baselines ([[load]]), their noise rule and their verdict.
#include "bench/gating/load_gate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace servebench {
namespace {

using testing::HasSubstr;

std::vector<double> Ramp(int n, double from = 1) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(from + i);
  return v;
}

TEST(LoadMetricsTest, NamesUnitsAndDirections) {
  EXPECT_EQ(LoadMetricByName("goodput_rps"), Metric::kGoodputRps);
  EXPECT_EQ(LoadMetricByName("ttft_ms"), std::nullopt);  // a sequential one
  EXPECT_EQ(MetricByName("output_tps"), std::nullopt);   // not in AllMetrics
  EXPECT_STREQ(Info(Metric::kTpotP99Ms).name, "tpot_ms_p99");
  EXPECT_STREQ(Info(Metric::kGoodputRps).unit, "req/s");
  EXPECT_TRUE(Info(Metric::kOutputTps).higher_is_better);
  EXPECT_FALSE(Info(Metric::kTtftP50Ms).higher_is_better);
  for (const MetricInfo& info : LoadMetrics()) {
    EXPECT_EQ(DefaultLoadTolerances().count(info.metric), 1u) << info.name;
  }
}

TEST(QuantileIntervalTest, TheMedianOfTenLiesBetweenTheSecondAndNinth) {
  auto interval = QuantileInterval({9, 1, 8, 2, 7, 3, 6, 4, 5, 10}, 0.5);
  ASSERT_TRUE(interval.has_value());
  EXPECT_EQ(interval->first, 2);
  EXPECT_EQ(interval->second, 9);
}

TEST(QuantileIntervalTest, AP99NeedsHundredsOfSamples) {
  EXPECT_FALSE(QuantileInterval(Ramp(100), 0.99).has_value());
  auto interval = QuantileInterval(Ramp(1000), 0.99);
  ASSERT_TRUE(interval.has_value());
  // The 990th of 1000 sits inside, a few ranks either side.
  EXPECT_LT(interval->first, 990);
  EXPECT_GT(interval->second, 990);
  EXPECT_GE(interval->first, 980);
  EXPECT_LE(interval->second, 1000);
  EXPECT_FALSE(QuantileInterval({1}, 0.5).has_value());
}

LoadLevelRun LevelRun(double output_tps, std::vector<double> tpot) {
  LoadLevelRun run;
  run.values[Metric::kOutputTps] = output_tps;
  run.tpot_ms = std::move(tpot);
  run.ttft_ms = Ramp(static_cast<int>(run.tpot_ms.size()), 20);
  run.decode_tps = std::vector<double>(run.tpot_ms.size(), 100);
  return run;
}

TEST(LoadMeasurementOfTest, OneRunsRatesHaveNoSpreadAndPercentilesAnInterval) {
  const CaseMeasurement m = LoadMeasurementOf({LevelRun(1000, Ramp(40, 10))});
  EXPECT_EQ(m.at(Metric::kOutputTps).mean, 1000);
  EXPECT_TRUE(m.at(Metric::kOutputTps).samples.empty());
  EXPECT_DOUBLE_EQ(m.at(Metric::kTpotP50Ms).mean, 29.5);
  ASSERT_TRUE(m.at(Metric::kTpotP50Ms).interval.has_value());
  EXPECT_FALSE(m.at(Metric::kTpotP99Ms).interval.has_value());
  EXPECT_EQ(m.at(Metric::kPerUserTps).mean, 100);
  EXPECT_EQ(m.at(Metric::kTtftP50Ms).mean, 39.5);
}

TEST(LoadMeasurementOfTest, RepeatedRunsAreSamplesOfTheRates) {
  const CaseMeasurement m =
      LoadMeasurementOf({LevelRun(1000, Ramp(10)), LevelRun(1100, Ramp(10))});
  EXPECT_EQ(m.at(Metric::kOutputTps).mean, 1050);
  EXPECT_THAT(m.at(Metric::kOutputTps).samples,
              testing::ElementsAre(1000, 1100));
  // Percentiles pool the requests of both runs.
  EXPECT_DOUBLE_EQ(m.at(Metric::kTpotP50Ms).mean, 5.5);
}

BaselineExpectation Expect(double output_tps, double tpot_p50) {
  BaselineExpectation e;
  e.source = "test [Isl128Osl64Rate8]";
  e.figures = {{Metric::kOutputTps, output_tps},
               {Metric::kTpotP50Ms, tpot_p50}};
  e.tolerances = DefaultLoadTolerances();
  return e;
}

TEST(GateLoadLevelTest, ASlowerServerFailsNamingTheFigures) {
  // Baseline TPOT 10 ms and 1000 tok/s; this run is 20% slower on both.
  std::vector<LoadLevelRun> runs = {LevelRun(800, std::vector<double>(50, 12))};
  int more = 0;
  const GateReport report = GateLoadLevel(Expect(1000, 10), runs, 3, [&] {
    ++more;
    return Status(Ok{});
  });
  EXPECT_TRUE(report.failed);
  EXPECT_EQ(more, 0);  // clear at once: no repeat
  std::string explained;
  for (const auto& m : report.comparison.metrics) explained += m.Explain();
  EXPECT_THAT(explained, HasSubstr("output_tps 800.0 tok/s is 20.0% below"));
  EXPECT_THAT(explained, HasSubstr("tpot_ms_p50 12.0 ms is 20.0% above"));
}

TEST(GateLoadLevelTest, AnUnclearPercentileRunsTheLevelAgain) {
  // TPOT p50 straddles the 11 ms threshold; the second run settles it.
  std::vector<LoadLevelRun> runs = {LevelRun(1000, Ramp(21, 0.5))};
  const GateReport report = GateLoadLevel(Expect(1000, 10), runs, 3, [&] {
    runs.push_back(LevelRun(1000, std::vector<double>(400, 10.5)));
    return Status(Ok{});
  });
  EXPECT_EQ(runs.size(), 2u);
  EXPECT_FALSE(report.failed);
  EXPECT_EQ(report.comparison.Overall(), Verdict::kPass);
}

constexpr char kLoads[] = R"([tolerances]
output_tps = "15%"

[[load]]
isl = 128
osl = 64
request_rate = 0.5
label = "chat"
output_tps = 250.5
goodput_rps = 0.49
ttft_ms_p99 = 40
[load.tolerances]
ttft_ms_p99 = "10 ms"

[[load]]
isl = 128
osl = 64
concurrency = 8
output_tps = 1900

[[load]]
isl = 128
osl = 64
sweep = true
knee_rps = 31.5
[load.curve]
request_tps = [5.5, 31.5]
output_tps = [350, 2016]
)";

TEST(BaselineLoadTest, LevelsAreReadByNameAndWrittenBackTheSame) {
  auto baseline = ParseBaseline(kLoads, "loads.toml");
  ASSERT_TRUE(baseline.ok()) << baseline.error();
  ASSERT_EQ(baseline->loads.size(), 3u);
  const BaselineLoad* rate = baseline->FindLoad(128, 64, "Rate0p5");
  ASSERT_NE(rate, nullptr);
  EXPECT_EQ(rate->Name(), "Isl128Osl64Rate0p5");
  EXPECT_EQ(rate->figures.at(Metric::kGoodputRps), 0.49);
  EXPECT_EQ(
      baseline->FindLoad(128, 64, "Conc8")->figures.at(Metric::kOutputTps),
      1900);
  const BaselineLoad* sweep = baseline->FindLoad(128, 64, "Sweep");
  ASSERT_NE(sweep, nullptr);
  EXPECT_THAT(sweep->curve.at("output_tps"), testing::ElementsAre(350, 2016));
  EXPECT_EQ(baseline->FindLoad(128, 64, "Rate8"), nullptr);
  EXPECT_EQ(baseline->FindCase(128, 64), nullptr);  // levels are not cases

  // Tolerances: the level's override, the file's, then the load defaults.
  const auto tolerances = baseline->TolerancesFor(*rate);
  EXPECT_EQ(tolerances.at(Metric::kTtftP99Ms).kind, Tolerance::Kind::kAbsolute);
  EXPECT_DOUBLE_EQ(tolerances.at(Metric::kOutputTps).value, 0.15);
  EXPECT_DOUBLE_EQ(tolerances.at(Metric::kGoodputRps).value, 0.10);

  auto again = ParseBaseline(SerializeBaseline(*baseline), "again.toml");
  ASSERT_TRUE(again.ok()) << again.error() << SerializeBaseline(*baseline);
  EXPECT_EQ(SerializeBaseline(*again), SerializeBaseline(*baseline));
  EXPECT_EQ(again->FindLoad(128, 64, "Rate0p5")->figures, rate->figures);
}

TEST(BaselineLoadTest, ExpectationNamesTheLevel) {
  auto baseline = ParseBaseline(kLoads, "loads.toml");
  ASSERT_TRUE(baseline.ok());
  const BaselineExpectation e = ExpectationForLoad(
      *baseline, *baseline->FindLoad(128, 64, "Conc8"), true);
  EXPECT_EQ(e.source, "loads.toml [Isl128Osl64Conc8]");
  EXPECT_EQ(e.figures.at(Metric::kOutputTps), 1900);
}

struct BadLoad {
  const char* text;
  const char* expected;
};

class BadBaselineLoadTest : public testing::TestWithParam<BadLoad> {};

TEST_P(BadBaselineLoadTest, ReportsFileLineAndProblem) {
  auto baseline = ParseBaseline(GetParam().text, "bad.toml");
  ASSERT_FALSE(baseline.ok());
  EXPECT_THAT(baseline.error(), HasSubstr(GetParam().expected));
}

INSTANTIATE_TEST_SUITE_P(
    Mistakes, BadBaselineLoadTest,
    testing::Values(
        BadLoad{"[[load]]\nisl = 1\nosl = 1\n",
                "bad.toml:1: [[load]] #1 must name its level with exactly one"},
        BadLoad{"[[load]]\nisl = 1\nosl = 1\nconcurrency = 2\nsweep = true\n",
                "exactly one of concurrency = N"},
        BadLoad{"[[load]]\nisl = 1\nosl = 1\nsweep = true\nttft_ms = 5\n",
                "unknown key \"ttft_ms\" in [[load]] #1"},
        BadLoad{"[[load]]\nisl = 1\nosl = 1\nrequest_rate = 0\n",
                "a rate above 0"},
        BadLoad{"[[load]]\nosl = 1\nsweep = true\n", "has no \"isl\""},
        BadLoad{"[[load]]\nisl = 1\nosl = 1\nsweep = true\n[load.curve]\n"
                "output_tps = [1, 2]\nrequest_tps = [1]\n",
                "every curve must have one per level"},
        BadLoad{"[[load]]\nisl = 1\nosl = 1\nsweep = true\n[[load]]\nisl = "
                "1\nosl = 1\nsweep = true\n",
                "repeats Isl1Osl1Sweep (first at line 1)"},
        BadLoad{"[load]\nisl = 1\n", "write each load level as [[load]]"},
        BadLoad{"[[case]]\nisl = 1\nosl = 1\ngoodput_rps = 2\n",
                "unknown key \"goodput_rps\" in [[case]] #1"}));

}  // namespace
}  // namespace servebench
