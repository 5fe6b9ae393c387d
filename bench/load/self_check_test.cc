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

TEST(JudgeDispatchTest, RequestsSentLateAfterTheirScheduleMakeTheLevelInvalid) {
  ClientSelfCheck check;
  std::vector<double> lags(100, 0.2);
  lags[98] = lags[99] = 40;
  JudgeDispatch(SelfCheckLimits{}, lags, check);
  EXPECT_TRUE(check.overloaded);
  EXPECT_GT(check.dispatch_lag_p99_ms, 5);
  EXPECT_EQ(check.dispatch_lag_max_ms, 40);
  EXPECT_THAT(check.reason, HasSubstr("the client sent requests late"));
  EXPECT_THAT(check.reason, HasSubstr("lower the rate"));
}

TEST(JudgeDispatchTest, OnTimeSendsKeepTheEarlierVerdict) {
  ClientSelfCheck check;
  JudgeDispatch(SelfCheckLimits{}, std::vector<double>(50, 0.3), check);
  EXPECT_FALSE(check.overloaded);
  EXPECT_DOUBLE_EQ(check.dispatch_lag_p99_ms, 0.3);
  check.overloaded = true;
  check.reason = "earlier";
  JudgeDispatch(SelfCheckLimits{}, std::vector<double>(50, 90), check);
  EXPECT_EQ(check.reason, "earlier");
}

}  // namespace
}  // namespace servebench
