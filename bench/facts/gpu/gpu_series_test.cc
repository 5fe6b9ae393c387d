// Window figures from synthetic readings whose answers are known exactly.
#include "bench/facts/gpu/gpu_series.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

namespace servebench {
namespace {

using std::chrono::milliseconds;
using testing::DoubleNear;
using testing::Optional;

const Clock::time_point t0{};
Clock::time_point At(int ms) { return t0 + milliseconds(ms); }

GpuPoint Point(int ms, uint64_t batch, int gpu, double power,
               double energy = NAN, double memory = NAN) {
  return GpuPoint{At(ms), batch, gpu, power, energy, memory};
}

TEST(GpuSeriesTest, ConstantPowerOfTwoGpusIntegrates) {
  GpuSeries series;
  const int a = series.GpuIndex("0"), b = series.GpuIndex("1");
  for (int i = 0; i <= 20; ++i) {  // every 100 ms for 2 s
    series.Add(Point(i * 100, i, a, 100, NAN, 2048));
    series.Add(Point(i * 100, i, b, 50, NAN, 1024));
  }
  const GpuWindowFigures f = series.Over(At(250), At(1250));
  EXPECT_DOUBLE_EQ(f.window_s, 1.0);
  EXPECT_THAT(f.energy_j, Optional(DoubleNear(150, 1e-9)));
  EXPECT_THAT(f.power_w_avg, Optional(DoubleNear(150, 1e-9)));
  EXPECT_THAT(f.power_w_max, Optional(150.0));
  EXPECT_THAT(f.memory_used_gib_max, Optional(3.0));
  EXPECT_EQ(f.gpus, 2);
  EXPECT_EQ(f.energy_method, "integrated power");
}

TEST(GpuSeriesTest, PowerIsLinearBetweenReadingsAndFlatOutside) {
  GpuSeries series;
  const int g = series.GpuIndex("0");
  // 0 W at 0 ms rising to 100 W at 1000 ms: 50 J over the second.
  series.Add(Point(0, 1, g, 0));
  series.Add(Point(1000, 2, g, 100));
  EXPECT_THAT(series.Over(At(0), At(1000)).energy_j,
              Optional(DoubleNear(50, 1e-9)));
  // [500, 1500]: 75 W mean up to 1000 ms, then held at 100 W.
  EXPECT_THAT(series.Over(At(500), At(1500)).energy_j,
              Optional(DoubleNear(37.5 + 50, 1e-9)));
  // Peaks count only readings inside the window.
  EXPECT_THAT(series.Over(At(500), At(1500)).power_w_max, Optional(100.0));
  EXPECT_EQ(series.Over(At(100), At(900)).power_w_max, std::nullopt);
  // Readings only before the window cannot say what happened in it.
  EXPECT_EQ(series.Over(At(2000), At(3000)).energy_j, std::nullopt);
}

TEST(GpuSeriesTest, EnergyCounterBeatsPowerAndIsInterpolatedAtTheEdges) {
  GpuSeries series;
  const int g = series.GpuIndex("GPU-aaa");
  // The counter grows by 300 J per second (300 W); the power gauge lags at
  // 200 W: the counter is the truth.
  for (int i = 0; i <= 10; ++i) {
    series.Add(Point(i * 200, i, g, 200, 1e9 + i * 200 * 300.0));
  }
  const GpuWindowFigures f = series.Over(At(100), At(1100));
  EXPECT_THAT(f.energy_j, Optional(DoubleNear(300, 1e-6)));
  EXPECT_THAT(f.power_w_avg, Optional(DoubleNear(300, 1e-6)));
  EXPECT_EQ(f.energy_method, "energy counter");
}

TEST(GpuSeriesTest, ACounterThatWentBackwardsFallsBackToPower) {
  GpuSeries series;
  const int g = series.GpuIndex("0");
  series.Add(Point(0, 1, g, 100, 5000));
  series.Add(Point(500, 2, g, 100, 10));  // reset (a reboot, a new exporter)
  series.Add(Point(1000, 3, g, 100, 20));
  const GpuWindowFigures f = series.Over(At(0), At(1000));
  EXPECT_THAT(f.energy_j, Optional(DoubleNear(100, 1e-9)));
  EXPECT_EQ(f.energy_method, "integrated power");
}

TEST(GpuSeriesTest, NothingKnownIsAbsentNotZero) {
  GpuSeries series;
  const GpuWindowFigures none = series.Over(At(0), At(1000));
  EXPECT_EQ(none.energy_j, std::nullopt);
  EXPECT_EQ(none.power_w_avg, std::nullopt);
  EXPECT_EQ(none.power_w_max, std::nullopt);
  EXPECT_EQ(none.memory_used_gib_max, std::nullopt);
  EXPECT_EQ(none.gpus, 0);
  const int g = series.GpuIndex("0");
  series.Add(Point(0, 1, g, NAN, NAN, 1024));  // memory only
  const GpuWindowFigures memory = series.Over(At(0), At(1000));
  EXPECT_EQ(memory.energy_j, std::nullopt);
  EXPECT_THAT(memory.memory_used_gib_max, Optional(1.0));
  EXPECT_EQ(series.Over(At(1000), At(1000)).window_s, 0);
}

TEST(GpuSeriesTest, BoundedInGpusAndPoints) {
  GpuSeries series;
  for (size_t i = 0; i < GpuSeries::kMaxGpus; ++i) {
    EXPECT_GE(series.GpuIndex(std::to_string(i)), 0);
  }
  EXPECT_EQ(series.GpuIndex("one too many"), -1);
  series.Add(Point(0, 1, -1, 100));  // not a GPU: ignored
  EXPECT_EQ(series.size(), 0u);
  for (size_t i = 0; i < GpuSeries::kMaxPoints + 3; ++i) {
    series.Add(Point(static_cast<int>(i), i, 0, 1));
  }
  EXPECT_EQ(series.size(), GpuSeries::kMaxPoints);
  EXPECT_EQ(series.dropped(), 3u);
}

}  // namespace
}  // namespace servebench
