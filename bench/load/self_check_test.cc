// The client's verdict on itself, from hand-made samples.
#include "bench/load/self_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace servebench {
namespace {

using testing::HasSubstr;

TEST(JudgeClientTest, LagOverTheBoundSaysTheFiguresMeasureTheClient) {
  ClientSelfCheck check;
  check.lag_p99_ms = 12.3;
  JudgeClient(SelfCheckLimits{}, check);
  EXPECT_TRUE(check.overloaded);
  EXPECT_EQ(check.reason,
            "the client fell behind (p99 processing lag 12.3 ms > 5 ms): the "
            "figures measure the client, not the server; lower the "
            "concurrency or use a faster machine");
}

TEST(JudgeClientTest, SaturatedThreadIsOverloadedToo) {
  ClientSelfCheck check;
  check.lag_p99_ms = 1;
  check.cpu_fraction = 0.95;
  JudgeClient(SelfCheckLimits{}, check);
  EXPECT_TRUE(check.overloaded);
  EXPECT_THAT(check.reason,
              HasSubstr("its thread was busy 95% of the time > 90%"));
}

TEST(JudgeClientTest, WithinBoundsIsNotOverloaded) {
  ClientSelfCheck check;
  check.lag_p99_ms = 4.9;
  check.cpu_fraction = 0.5;
  JudgeClient(SelfCheckLimits{}, check);
  EXPECT_FALSE(check.overloaded);
  EXPECT_EQ(check.reason, "");
}

TEST(SelfCheckRecorderTest, ReportsLagAndIterationPercentiles) {
  SelfCheckRecorder recorder;
  const Clock::time_point t0 = Clock::now();
  for (int i = 1; i <= 100; ++i) {
    recorder.OnWakeup(t0, t0 + std::chrono::milliseconds(i),
                      t0 + std::chrono::milliseconds(2 * i));
  }
  const ClientSelfCheck check = recorder.Finish(SelfCheckLimits{1000, 1});
  EXPECT_EQ(check.wakeups, 100);
  EXPECT_DOUBLE_EQ(check.lag_max_ms, 100);
  EXPECT_NEAR(check.lag_p99_ms, 99.01, 1e-9);
  EXPECT_DOUBLE_EQ(check.iteration_max_ms, 200);
  EXPECT_FALSE(check.overloaded);
  EXPECT_GT(check.wall_s, 0);
}

}  // namespace
}  // namespace servebench
