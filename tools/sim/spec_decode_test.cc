// Tests the speculative decoding step model and its counters.
#include "tools/sim/spec_decode.h"

#include <numeric>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::sim {
namespace {

using ::testing::Each;
using ::testing::ElementsAre;

int64_t Sum(const std::vector<int64_t>& v) {
  return std::accumulate(v.begin(), v.end(), int64_t{0});
}

TEST(SpecDecodeTest, OffMeansOneTokenPerStep) {
  std::vector<int64_t> steps = SpecStepSizes(7, 0, 0.9, 1);
  EXPECT_THAT(steps, ElementsAre(1, 1, 1, 1, 1, 1, 1));
  SpecStats stats = SpecStatsFor(steps, 0);
  EXPECT_EQ(stats.drafts, 0);
  EXPECT_EQ(stats.draft_tokens, 0);
}

TEST(SpecDecodeTest, FullAcceptanceGivesKPlusOneTokensAndCutsTheLastStep) {
  EXPECT_THAT(SpecStepSizes(10, 3, 1.0, 1), ElementsAre(4, 4, 2));
  EXPECT_THAT(SpecStepSizes(3, 3, 0.0, 1), ElementsAre(1, 1, 1));
}

TEST(SpecDecodeTest, StepSizesAreASeededFunction) {
  const std::vector<int64_t> a = SpecStepSizes(500, 4, 0.6, 42);
  EXPECT_EQ(a, SpecStepSizes(500, 4, 0.6, 42));
  EXPECT_NE(a, SpecStepSizes(500, 4, 0.6, 43));
  EXPECT_EQ(Sum(a), 500);
  for (int64_t size : a) {
    EXPECT_GE(size, 1);
    EXPECT_LE(size, 5);
  }
}

TEST(SpecDecodeTest, AcceptanceMatchesPOverManySteps) {
  constexpr double kP = 0.7;
  constexpr int kK = 3;
  const std::vector<int64_t> steps = SpecStepSizes(200000, kK, kP, 7);
  SpecStats stats = SpecStatsFor(steps, kK);
  ASSERT_GT(stats.drafts, 10000);
  // Position j is accepted with probability P^(j+1).
  double expected = kP;
  for (int j = 0; j < kK; ++j) {
    const double rate =
        static_cast<double>(stats.accepted_per_position[j]) / stats.drafts;
    EXPECT_NEAR(rate, expected, 0.02) << "position " << j;
    expected *= kP;
  }
  // Mean acceptance length 1 + P + P^2 + P^3, apart from the last step.
  EXPECT_NEAR(1.0 + static_cast<double>(stats.accepted) / stats.drafts,
              1 + kP + kP * kP + kP * kP * kP, 0.05);
}

TEST(SpecDecodeTest, CountersAddUp) {
  const std::vector<int64_t> steps = {4, 1, 3, 2};
  SpecStats stats = SpecStatsFor(steps, 3);
  EXPECT_EQ(stats.drafts, 4);
  EXPECT_EQ(stats.draft_tokens, 12);
  EXPECT_EQ(stats.accepted, 3 + 0 + 2 + 1);
  EXPECT_EQ(stats.drafts + stats.accepted, Sum(steps));
  EXPECT_THAT(stats.accepted_per_position, ElementsAre(3, 2, 1));

  SpecStats total;
  total.Add(stats);
  total.Add(SpecStatsFor({2}, 3));
  EXPECT_EQ(total.drafts, 5);
  EXPECT_EQ(total.accepted, 7);
  EXPECT_THAT(total.accepted_per_position, ElementsAre(4, 2, 1));
}

TEST(SpecDecodeTest, ZeroTokensIsZeroSteps) {
  EXPECT_TRUE(SpecStepSizes(0, 3, 0.5, 1).empty());
  EXPECT_THAT(SpecStatsFor({}, 2).accepted_per_position, Each(0));
}

}  // namespace
}  // namespace servebench::sim
