// Which request may start when: closed-loop, scheduled, and conversations.
#include "bench/load/request_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bench/load/clock_at.h"

namespace servebench {
namespace {

using test::At;

TEST(ClosedLoopSourceTest, EveryRequestIsDueAtOnceUntilNoneIsLeft) {
  ClosedLoopSource source(3, 1, 0);
  EXPECT_EQ(source.NextDue(), std::nullopt);
  for (int i = 0; i < 3; ++i) {
    auto claimed = source.Claim(Clock::now());
    ASSERT_TRUE(claimed.has_value());
    EXPECT_EQ(claimed->index, i);
    EXPECT_FALSE(claimed->scheduled.has_value());
  }
  EXPECT_FALSE(source.Claim(Clock::now()).has_value());
  EXPECT_FALSE(source.Exhausted());  // three still open
  for (int i = 0; i < 3; ++i) source.Finished(i, true, Clock::now());
  EXPECT_TRUE(source.Exhausted());
}

TEST(ClosedLoopSourceTest, AFollowUpTurnIsServedBeforeANewConversation) {
  ClosedLoopSource source(2, 3, 0);  // requests 0-2 and 3-5
  EXPECT_EQ(source.total(), 6);
  EXPECT_EQ(source.Claim(Clock::now())->index, 0);
  EXPECT_EQ(source.Claim(Clock::now())->index, 3);
  EXPECT_FALSE(source.Claim(Clock::now()).has_value());  // turns wait
  source.Finished(3, true, Clock::now());
  EXPECT_EQ(source.Claim(Clock::now())->index, 4);
  source.Finished(0, true, Clock::now());
  source.Finished(4, true, Clock::now());
  EXPECT_EQ(source.Claim(Clock::now())->index, 1);
  EXPECT_EQ(source.Claim(Clock::now())->index, 5);
  source.Finished(5, true, Clock::now());
  source.Finished(1, true, Clock::now());
  EXPECT_EQ(source.Claim(Clock::now())->index, 2);
  EXPECT_FALSE(source.Exhausted());
  source.Finished(2, true, Clock::now());
  EXPECT_TRUE(source.Exhausted());
}

TEST(ClosedLoopSourceTest, AFailedTurnEndsItsConversation) {
  ClosedLoopSource source(1, 3, 0);
  EXPECT_EQ(source.Claim(Clock::now())->index, 0);
  source.Finished(0, /*ok=*/false, Clock::now());
  EXPECT_FALSE(source.Claim(Clock::now()).has_value());
  EXPECT_TRUE(source.Exhausted());
}

TEST(ClosedLoopSourceTest, StopStartsNothingMore) {
  ClosedLoopSource source(5, 2, 0);
  EXPECT_EQ(source.Claim(Clock::now())->index, 0);
  source.Stop();
  source.Finished(0, true, Clock::now());  // its follow-up is dropped
  EXPECT_FALSE(source.Claim(Clock::now()).has_value());
  EXPECT_TRUE(source.Exhausted());
}

TEST(ScheduledSourceTest, ARequestIsDueAtItsScheduledTime) {
  ScheduledSource source({0, 0.010, 0.025}, 1, 0, At(1000));
  EXPECT_EQ(source.NextDue(), At(1000));
  EXPECT_FALSE(source.Claim(At(999)).has_value());
  auto first = source.Claim(At(1000.5));
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->index, 0);
  EXPECT_EQ(first->scheduled, At(1000));
  EXPECT_EQ(source.NextDue(), At(1010));
  EXPECT_FALSE(source.Claim(At(1009)).has_value());
  // Late: both due ones come out in order, each with its own time.
  EXPECT_EQ(source.Claim(At(1030))->scheduled, At(1010));
  EXPECT_EQ(source.Claim(At(1030))->scheduled, At(1025));
  EXPECT_FALSE(source.Claim(At(1030)).has_value());
  EXPECT_EQ(source.NextDue(), std::nullopt);
}

TEST(ScheduledSourceTest, AStoppedScheduleHasNothingDue) {
  ScheduledSource source({0, 0.010}, 1, 0, At(0));
  EXPECT_EQ(source.NextDue(), At(0));
  source.Stop();
  EXPECT_EQ(source.NextDue(), std::nullopt);
  EXPECT_FALSE(source.Claim(At(100)).has_value());
  EXPECT_TRUE(source.Exhausted());
}

TEST(ScheduledSourceTest, ArrivalsBeforeTheWarmUpEndsAreWarmUp) {
  ScheduledSource source({0, 0.5, 1.0, 1.5}, 1, 1.0, At(0));
  std::vector<bool> warmup;
  while (auto claimed = source.Claim(At(5000)))
    warmup.push_back(claimed->warmup);
  EXPECT_THAT(warmup, testing::ElementsAre(true, true, false, false));
}

TEST(ScheduledSourceTest, AFollowUpIsDueWhenThePreviousTurnEnded) {
  ScheduledSource source({0, 1.0}, 2, 0.5, At(0));
  auto first = source.Claim(At(0));
  ASSERT_TRUE(first.has_value());
  EXPECT_TRUE(first->warmup);
  source.Finished(first->index, true, At(300));
  auto second = source.Claim(At(301));
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->index, 1);
  EXPECT_EQ(second->scheduled, At(300));
  EXPECT_TRUE(second->warmup);  // its conversation's
  auto next = source.Claim(At(1000));
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(next->index, 2);
  EXPECT_FALSE(next->warmup);
}

}  // namespace
}  // namespace servebench
