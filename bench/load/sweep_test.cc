// The sweep's plan and its saturation rule against synthetic serving curves.
#include "bench/load/sweep.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <limits>
#include <vector>

namespace servebench {
namespace {

using testing::ElementsAre;

// A server that serves `capacity` req/s at most (`sequential` at one
// stream): rate levels above capacity fall behind and their TTFT grows, as
// it does above `keeps_up_to` (bursts an open loop sends that the batch
// cannot absorb, though the closed loop reached `capacity`).
struct SyntheticServer {
  double sequential;
  double capacity;
  double keeps_up_to = std::numeric_limits<double>::infinity();

  SweepPoint Measure(SweepPlanner::Next next) const {
    SweepPoint p;
    p.step = next.step;
    p.offered_rps = next.rate;
    switch (next.step) {
      case SweepStep::kSequential:
        p.achieved_rps = sequential;
        break;
      case SweepStep::kSaturation:
        p.achieved_rps = capacity;
        break;
      default:
        p.achieved_rps = std::min(next.rate, capacity);
        p.ttft_growing = next.rate > capacity;
    }
    if (next.rate > keeps_up_to) p.ttft_growing = true;
    p.output_tps = *p.achieved_rps * 100;
    return p;
  }
};

// Runs the planner against `server`; returns the rates of the levels run.
std::vector<double> Sweep(SweepPlanner& planner,
                          const SyntheticServer& server) {
  std::vector<double> rates;
  for (int guard = 0; guard < 50; ++guard) {
    auto next = planner.Plan();
    if (!next) break;
    rates.push_back(next->rate);
    planner.Record(server.Measure(*next));
  }
  return rates;
}

TEST(SweepPlannerTest, RisesUntilOverSaturatedThenBisectsToTheKnee) {
  SweepPlanner planner(4, 2);
  const std::vector<double> rates = Sweep(planner, {10, 40});
  // Sequential, saturation, 17.5, 25, 32.5, 40 (at capacity: kept up).
  EXPECT_THAT(rates, ElementsAre(0, 0, 17.5, 25, 32.5, 40));
  const SweepSummary s = planner.Summary();
  EXPECT_EQ(s.sequential_rps, 10);
  EXPECT_EQ(s.saturated_rps, 40);
  EXPECT_EQ(s.knee_rps, 40);
  EXPECT_EQ(s.knee_output_tps, 4000);
  EXPECT_FALSE(s.over_saturated_seen);
}

TEST(SweepPlannerTest, AKneeBelowTheSaturatedRateIsFoundWithin10Percent) {
  // The closed loop saturates at 40 req/s but an open loop keeps up only to
  // 33 (say, bursts the batch cannot absorb).
  SweepPlanner planner(4, 2);
  const std::vector<double> rates = Sweep(planner, SyntheticServer{10, 40, 33});
  // 17.5, 25, 32.5 keep up; 40 does not: bisect to 36.25 (no), 34.375 (no).
  EXPECT_THAT(rates, ElementsAre(0, 0, 17.5, 25, 32.5, 40, 36.25, 34.375));
  const SweepSummary s = planner.Summary();
  EXPECT_EQ(s.knee_rps, 32.5);
  EXPECT_NEAR(*s.knee_rps, 33, 0.1 * 33);
  EXPECT_TRUE(s.over_saturated_seen);
  EXPECT_EQ(planner.points().back().kept_up, false);
}

TEST(SweepPlannerTest, StopsAtTheFirstOverSaturatedLevel) {
  SweepPlanner planner(6, 0);
  const std::vector<double> rates = Sweep(planner, SyntheticServer{10, 70, 25});
  // 20 keeps up, 30 does not: 40 … 70 never run.
  EXPECT_THAT(rates, ElementsAre(0, 0, 20, 30));
  EXPECT_EQ(planner.Summary().knee_rps, 20);
}

TEST(SweepPlannerTest, WithoutHeadroomTheSequentialLevelIsTheKnee) {
  SweepPlanner planner(4, 2);
  EXPECT_THAT(Sweep(planner, {10, 10.2}), ElementsAre(0, 0));
  EXPECT_EQ(planner.Summary().knee_rps, 10);
}

TEST(SweepPlannerTest, ASequentialLevelWithoutFiguresEndsTheSweep) {
  SweepPlanner planner(4, 2);
  planner.Record(SweepPoint{});  // nothing succeeded
  EXPECT_EQ(planner.Plan(), std::nullopt);
  EXPECT_EQ(planner.Summary().knee_rps, std::nullopt);
}

TEST(TtftGrowingTest, AQueueThatGrowsOverTheLevel) {
  EXPECT_FALSE(TtftGrowing({20, 21, 20, 22, 21, 20, 21, 22, 20}));
  EXPECT_TRUE(TtftGrowing({20, 25, 30, 40, 50, 60, 70, 80, 90}));
  // Jitter of a few ms on a 20 ms TTFT is not growth.
  EXPECT_FALSE(TtftGrowing({20, 22, 19, 25, 21, 30, 24, 28, 26}));
  EXPECT_FALSE(TtftGrowing({10, 90, 200}));  // too few to judge
}

TEST(KeptUpTest, FailuresGrowthOrAShortfallMeanNot) {
  SweepPoint p;
  p.offered_rps = 10;
  p.achieved_rps = 9;
  EXPECT_TRUE(KeptUp(p));
  p.achieved_rps = 7.9;
  EXPECT_FALSE(KeptUp(p));
  p.achieved_rps = 10;
  p.failed = 1;
  EXPECT_FALSE(KeptUp(p));
  p.failed = 0;
  p.ttft_growing = true;
  EXPECT_FALSE(KeptUp(p));
  p.ttft_growing = false;
  p.achieved_rps.reset();
  EXPECT_FALSE(KeptUp(p));
}

}  // namespace
}  // namespace servebench
