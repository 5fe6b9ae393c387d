// Tests the timing model: deadlines are pure functions of the configuration.
#include "tools/sim/timing.h"

#include <chrono>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/sim/config.h"

namespace servebench::sim {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

double Ms(Duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

// Passes when a duration lies in [low, high]; explains by how much it missed.
MATCHER_P2(IsBetween, low, high,
           "is between " + std::to_string(Ms(low)) + " ms and " +
               std::to_string(Ms(high)) + " ms") {
  *result_listener << "it is " << Ms(arg) << " ms";
  if (arg < low) {
    *result_listener << ", " << Ms(low - arg) << " ms too short";
    return false;
  }
  if (arg > high) {
    *result_listener << ", " << Ms(arg - high) << " ms too long";
    return false;
  }
  return true;
}

SimConfig Config(double ttft_ms, double prefill_us, double tpot_ms,
                 double jitter_pct) {
  SimConfig config;
  config.ttft_base_ms = ttft_ms;
  config.prefill_us_per_token = prefill_us;
  config.tpot_ms = tpot_ms;
  config.jitter_pct = jitter_pct;
  return config;
}

TEST(TimingModelTest, FirstTokenIsBasePlusPrefillPerPromptToken) {
  TimingModel model(Config(20, 50, 4, 0));
  EXPECT_EQ(model.FirstTokenDelay(0, 7), milliseconds(20));
  EXPECT_EQ(model.FirstTokenDelay(100, 7), milliseconds(25));
  EXPECT_EQ(model.FirstTokenDelay(1000, 7), milliseconds(70));
}

TEST(TimingModelTest, TokensFollowAtFixedIntervalWithoutJitter) {
  TimingModel model(Config(100, 0, 10, 0));
  std::vector<Duration> offsets = model.TokenOffsets(42, 5, 7);
  EXPECT_THAT(offsets,
              ::testing::ElementsAre(milliseconds(100), milliseconds(110),
                                     milliseconds(120), milliseconds(130),
                                     milliseconds(140)));
}

TEST(TimingModelTest, NoTokensNoOffsets) {
  TimingModel model(Config(100, 0, 10, 0));
  EXPECT_THAT(model.TokenOffsets(10, 0, 1), ::testing::IsEmpty());
}

TEST(TimingModelTest, OffsetsAreCumulativeSumsOfPlannedGaps) {
  TimingModel model(Config(30, 10, 5, 40));
  const uint64_t seed = 12345;
  std::vector<Duration> offsets = model.TokenOffsets(200, 50, seed);
  ASSERT_EQ(offsets.size(), 50u);
  EXPECT_EQ(offsets[0], model.FirstTokenDelay(200, seed));
  for (size_t i = 1; i < offsets.size(); ++i) {
    EXPECT_EQ(offsets[i] - offsets[i - 1], model.InterTokenGap(i, seed))
        << "token " << i;
  }
}

TEST(TimingModelTest, JitterStaysWithinItsPercentage) {
  TimingModel model(Config(100, 0, 10, 20));
  for (uint64_t seed = 0; seed < 200; ++seed) {
    EXPECT_THAT(model.FirstTokenDelay(0, seed),
                IsBetween(milliseconds(80), milliseconds(120)))
        << "seed " << seed;
    EXPECT_THAT(model.InterTokenGap(1 + seed % 7, seed),
                IsBetween(milliseconds(8), milliseconds(12)))
        << "seed " << seed;
  }
}

TEST(TimingModelTest, JitterIsSeededAndActuallyVaries) {
  TimingModel model(Config(100, 0, 10, 20));
  EXPECT_EQ(model.TokenOffsets(5, 20, 99), model.TokenOffsets(5, 20, 99));
  EXPECT_NE(model.TokenOffsets(5, 20, 99), model.TokenOffsets(5, 20, 100));
  std::vector<Duration> offsets = model.TokenOffsets(5, 20, 99);
  bool gaps_differ = false;
  for (size_t i = 2; i < offsets.size(); ++i) {
    gaps_differ |= (offsets[i] - offsets[i - 1]) != (offsets[1] - offsets[0]);
  }
  EXPECT_TRUE(gaps_differ) << "jitter of 20% left every gap equal";
}

TEST(TimingModelTest, FractionalMillisecondsAreKept) {
  TimingModel model(Config(0.5, 0.25, 0.125, 0));
  EXPECT_EQ(model.FirstTokenDelay(4, 1), microseconds(501));
  EXPECT_EQ(model.InterTokenGap(1, 1), microseconds(125));
}

}  // namespace
}  // namespace servebench::sim
