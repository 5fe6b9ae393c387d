// The names a load case's figures are recorded under.
#include "suites/load_properties.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

namespace servebench {
namespace {

using ::testing::IsSupersetOf;

// Figures by name: each test lists the ones it expects as a table.
using Figures = std::map<std::string, double>;

Figures AsMap(const NamedFigures& figures) {
  Figures out;
  for (const auto& [name, value] : figures) {
    EXPECT_TRUE(out.emplace(name, value).second) << name << " twice";
  }
  return out;
}

TEST(LevelFiguresTest, ARateLevelRecordsItsRatesLagsGoodputAndCache) {
  LevelOutcome level;
  level.plan.open_loop = true;
  level.plan.offered_rps = 8;
  LoadFigures& f = level.load.figures;
  f.output_tps = 900;
  f.request_tps = 7.9;
  f.per_user_tps = 48;
  f.scheduled_rps = 8;
  f.sent_rps = 7.98;
  f.send_lag_ms = Quantiles{0.2, 0.5, 1.5};
  f.e2e_ms = Quantiles{300, 350, 420};
  level.load.client.dispatch_lag_p99_ms = 0.4;
  level.slo = SloFigures{100, 95, 95.0, 7.5};
  level.cache = CacheFigures{100, 80, 62.5, 12.0, 40.0};
  const auto m = AsMap(LevelFigures(level));
  EXPECT_THAT(m, IsSupersetOf(Figures{{"output_tps", 900},
                                      {"goodput_rps", 7.5},
                                      {"slo_attainment_pct", 95},
                                      {"offered_rps", 8},
                                      {"sent_rps", 7.98},
                                      {"send_lag_ms_p99", 1.5},
                                      {"e2e_ms_p90", 350},
                                      {"client_send_lag_p99_ms", 0.4},
                                      {"cache_hit_rate_pct", 62.5},
                                      {"ttft_hit_ms_p50", 12},
                                      {"ttft_miss_ms_p50", 40}}));
  EXPECT_EQ(m.count("send_lag_ms_p90"), 0u);
}

TEST(LevelFiguresTest, AClosedLoopHasNoScheduleAndUnknownFiguresAreAbsent) {
  LevelOutcome level;
  level.load.figures.output_tps = 100;
  const auto m = AsMap(LevelFigures(level));
  EXPECT_EQ(m.size(), 1u);
  EXPECT_EQ(m.at("output_tps"), 100);
}

TEST(LoadLevelPropertiesTest, CountsFiguresAndTheClient) {
  CaseRecord record;
  record.server_figures = {{"output_tps", 1234.5678}, {"ttft_ms_p50", 10}};
  LevelOutcome level;
  level.plan.streams = 8;
  level.load.max_in_flight = 8;
  level.load.figures.measured = 24;
  level.load.figures.failed = 1;
  level.load.client.lag_p99_ms = 0.25;
  level.load.client.cpu_fraction = 0.125;
  const Properties p = LoadLevelProperties(record, level);
  for (const Property& expected :
       {Property{"concurrency", "8"}, Property{"requests", "24"},
        Property{"failed_requests", "1"}, Property{"max_in_flight", "8"},
        Property{"output_tps", "1234.568"}, Property{"ttft_ms_p50", "10.000"},
        Property{"client_lag_p99_ms", "0.250"},
        Property{"client_cpu_pct", "12.5"}}) {
    EXPECT_THAT(p, testing::Contains(expected)) << expected.name;
  }
  // An open loop's streams are a cap, not a concurrency level.
  level.plan.open_loop = true;
  for (const Property& property : LoadLevelProperties(record, level)) {
    EXPECT_NE(property.name, "concurrency");
  }
}

TEST(SweepFiguresTest, TheSummaryAndEachLevelFlattened) {
  SweepOutcome sweep;
  sweep.summary.sequential_rps = 5;
  sweep.summary.saturated_rps = 40;
  sweep.summary.saturated_output_tps = 4000;
  sweep.summary.knee_rps = 38;
  sweep.summary.knee_output_tps = 3800;
  LevelOutcome closed, open;
  closed.plan.streams = 1;
  open.plan.open_loop = true;
  open.plan.offered_rps = 22.5;
  sweep.levels = {closed, open};
  SweepPoint a, b;
  a.request_tps = 5;
  b.request_tps = 22.4;
  b.ttft_p99_ms = 31;
  b.kept_up = false;
  sweep.points = {a, b};
  EXPECT_THAT(AsMap(SweepFigures(sweep)),
              IsSupersetOf(Figures{{"knee_rps", 38},
                                   {"output_tps", 4000},
                                   {"sweep_levels", 2},
                                   {"level1_streams", 1},
                                   {"level1_kept_up", 1},
                                   {"level2_offered_rps", 22.5},
                                   {"level2_request_tps", 22.4},
                                   {"level2_ttft_ms_p99", 31},
                                   {"level2_kept_up", 0}}));
}

TEST(LoadDescriptionPropertiesTest, SaysHowTheLevelRan) {
  CaseSpec spec{128, 64, "balanced", "x"};
  spec.request_rate = 0.5;
  spec.load.arrivals = Arrivals::kGamma;
  spec.load.burstiness = 0.25;
  spec.load.prefix_tokens = 32;
  spec.load.slo.ttft_ms = 200;
  const Properties p = LoadDescriptionProperties(spec);
  EXPECT_THAT(p, testing::Contains(Property{"level", "Rate0p5"}));
  EXPECT_THAT(p, testing::Contains(Property{"mode", "rate"}));
  EXPECT_THAT(p, testing::Contains(Property{"arrivals", "gamma"}));
  EXPECT_THAT(p, testing::Contains(Property{"burstiness", "0.25"}));
  EXPECT_THAT(p, testing::Contains(Property{"prefix_tokens", "32"}));
  EXPECT_THAT(p, testing::Contains(Property{"slo", "ttft_ms <= 200"}));
  CaseSpec sweep{128, 64, "balanced", "x"};
  sweep.sweep = true;
  EXPECT_THAT(LoadDescriptionProperties(sweep),
              testing::Contains(Property{"arrivals", "constant"}));
}

}  // namespace
}  // namespace servebench
