// Tests the power model against its closed form: power follows the active
// requests, energy is its exact integral, and readings never go back.
#include "tools/sim/power_model.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::sim {
namespace {

using Clock = PowerMeter::Clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

SimConfig Config(double idle_w, double per_request_w) {
  SimConfig config;
  config.gpu_idle_watts = idle_w;
  config.gpu_watts_per_request = per_request_w;
  return config;
}

TEST(PowerModelTest, PowerFollowsTheActiveRequests) {
  const Clock::time_point t0 = Clock::now();
  PowerMeter meter(Config(60, 25), t0);
  meter.AddActive(t0 + seconds(1), t0 + seconds(3));
  meter.AddActive(t0 + seconds(2), t0 + seconds(5));
  EXPECT_EQ(meter.ReadAt(t0 + milliseconds(500)).active, 0);
  EXPECT_DOUBLE_EQ(meter.ReadAt(t0 + milliseconds(500)).power_w, 60);
  const PowerReading both = meter.ReadAt(t0 + milliseconds(2500));
  EXPECT_EQ(both.active, 2);
  EXPECT_DOUBLE_EQ(both.power_w, 110);
  // 60 W * 2.5 s + 25 W * (1.5 s + 0.5 s) = 200 J.
  EXPECT_EQ(both.energy_mj, 200'000);
  const PowerReading later = meter.ReadAt(t0 + seconds(10));
  EXPECT_EQ(later.active, 0);
  // 60 W * 10 s + 25 W * (2 s + 3 s) = 725 J.
  EXPECT_EQ(later.energy_mj, 725'000);
}

TEST(PowerModelTest, AnIntervalStartingLaterCountsFromItsStart) {
  const Clock::time_point t0 = Clock::now();
  PowerMeter meter(Config(0, 100), t0);
  meter.AddActive(t0 + seconds(4), t0 + seconds(6));  // queued until 4 s
  EXPECT_EQ(meter.ReadAt(t0 + seconds(3)).energy_mj, 0);
  EXPECT_EQ(meter.ReadAt(t0 + seconds(5)).energy_mj, 100'000);
  EXPECT_EQ(meter.ReadAt(t0 + seconds(7)).energy_mj, 200'000);
}

TEST(PowerModelTest, EnergyIsFlooredToMillijoulesAndNeverDecreases) {
  const Clock::time_point t0 = Clock::now();
  PowerMeter meter(Config(0.5, 0), t0);
  // 0.5 W * 1.5 ms = 0.75 mJ -> 0.
  EXPECT_EQ(meter.ReadAt(t0 + std::chrono::microseconds(1500)).energy_mj, 0);
  const int64_t at_ten = meter.ReadAt(t0 + seconds(10)).energy_mj;
  EXPECT_EQ(at_ten, 5000);
  // A scrape that took its time earlier but reads later does not go back.
  EXPECT_EQ(meter.ReadAt(t0 + seconds(9)).energy_mj, at_ten);
}

TEST(PowerModelTest, EmptyIntervalsAreIgnored) {
  const Clock::time_point t0 = Clock::now();
  PowerMeter meter(Config(0, 10), t0);
  meter.AddActive(t0 + seconds(2), t0 + seconds(1));
  EXPECT_EQ(meter.ReadAt(t0 + seconds(3)).energy_mj, 0);
}

}  // namespace
}  // namespace servebench::sim
