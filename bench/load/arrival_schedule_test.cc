// Arrival schedules: exact rates, seeded reproducibility, the shape of each
// process, and the refusals.
#include "bench/load/arrival_schedule.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

namespace servebench {
namespace {

using testing::HasSubstr;

std::vector<double> Gaps(const std::vector<double>& offsets) {
  std::vector<double> gaps;
  for (size_t i = 1; i < offsets.size(); ++i) {
    gaps.push_back(offsets[i] - offsets[i - 1]);
  }
  return gaps;
}

// Coefficient of variation (stddev / mean) of the gaps.
double Variation(const std::vector<double>& gaps) {
  double sum = 0, squares = 0;
  for (double g : gaps) sum += g;
  const double mean = sum / gaps.size();
  for (double g : gaps) squares += (g - mean) * (g - mean);
  return std::sqrt(squares / (gaps.size() - 1)) / mean;
}

TEST(ArrivalOffsetsTest, ConstantArrivalsAreEvenlySpaced) {
  auto offsets = ArrivalOffsets({8, Arrivals::kConstant, 1, 7}, 5);
  ASSERT_TRUE(offsets.ok()) << offsets.error();
  EXPECT_THAT(*offsets, testing::ElementsAre(0, 0.125, 0.25, 0.375, 0.5));
}

TEST(ArrivalOffsetsTest, EveryProcessOffersExactlyTheTargetRate) {
  for (Arrivals a :
       {Arrivals::kPoisson, Arrivals::kConstant, Arrivals::kGamma}) {
    auto offsets = ArrivalOffsets({2.5, a, 0.5, 42}, 101);
    ASSERT_TRUE(offsets.ok()) << offsets.error();
    EXPECT_EQ(offsets->front(), 0);
    // 100 gaps at 2.5 req/s span 40 s: the rate over the span is exact.
    EXPECT_DOUBLE_EQ(offsets->back(), 40) << ArrivalsName(a);
    for (double gap : Gaps(*offsets)) EXPECT_GE(gap, 0) << ArrivalsName(a);
  }
}

TEST(ArrivalOffsetsTest, TheSameSeedGivesTheSameScheduleAndAnotherDoesNot) {
  const ArrivalSpec spec{4, Arrivals::kPoisson, 1, 1234};
  auto a = ArrivalOffsets(spec, 50);
  auto b = ArrivalOffsets(spec, 50);
  ArrivalSpec other = spec;
  other.seed = 1235;
  auto c = ArrivalOffsets(other, 50);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_NE(*a, *c);
}

TEST(ArrivalOffsetsTest, OneSeedGivesThePatternStretchedAtEveryRate) {
  auto slow = ArrivalOffsets({2, Arrivals::kGamma, 0.5, 9}, 40);
  auto fast = ArrivalOffsets({32, Arrivals::kGamma, 0.5, 9}, 40);
  ASSERT_TRUE(slow.ok() && fast.ok());
  for (size_t i = 0; i < slow->size(); ++i) {
    EXPECT_NEAR((*slow)[i], 16 * (*fast)[i], 1e-9);
  }
}

TEST(ArrivalOffsetsTest, PoissonGapsVaryAsMuchAsTheirMean) {
  // Exponential gaps: coefficient of variation 1.
  auto offsets = ArrivalOffsets({10, Arrivals::kPoisson, 1, 3}, 20001);
  ASSERT_TRUE(offsets.ok());
  EXPECT_NEAR(Variation(Gaps(*offsets)), 1.0, 0.05);
}

TEST(ArrivalOffsetsTest, GammaBurstinessSetsTheVariation) {
  // Gamma of shape k: coefficient of variation 1/sqrt(k).
  for (double k : {0.25, 1.0, 4.0}) {
    auto offsets = ArrivalOffsets({10, Arrivals::kGamma, k, 5}, 20001);
    ASSERT_TRUE(offsets.ok());
    EXPECT_NEAR(Variation(Gaps(*offsets)), 1 / std::sqrt(k), 0.06) << k;
  }
}

TEST(ArrivalOffsetsTest, OneRequestArrivesAtZero) {
  auto offsets = ArrivalOffsets({3, Arrivals::kPoisson, 1, 1}, 1);
  ASSERT_TRUE(offsets.ok());
  EXPECT_THAT(*offsets, testing::ElementsAre(0));
}

TEST(ArrivalOffsetsTest, ImpossibleSpecsAreRefused) {
  EXPECT_THAT(ArrivalOffsets({0, Arrivals::kPoisson, 1, 1}, 5).error(),
              HasSubstr("positive number of requests per second"));
  EXPECT_THAT(ArrivalOffsets({NAN, Arrivals::kPoisson, 1, 1}, 5).error(),
              HasSubstr("positive number"));
  EXPECT_THAT(ArrivalOffsets({1, Arrivals::kGamma, 0, 1}, 5).error(),
              HasSubstr("burstiness"));
  EXPECT_THAT(ArrivalOffsets({1, Arrivals::kPoisson, 1, 1}, 0).error(),
              HasSubstr("at least 1 request"));
  EXPECT_THAT(ArrivalOffsets({0.001, Arrivals::kPoisson, 1, 1}, 1000).error(),
              HasSubstr("longer than a day"));
}

TEST(ArrivalsByNameTest, NamesRoundTrip) {
  for (Arrivals a :
       {Arrivals::kPoisson, Arrivals::kConstant, Arrivals::kGamma}) {
    EXPECT_EQ(ArrivalsByName(ArrivalsName(a)), a);
  }
  EXPECT_EQ(ArrivalsByName("bursty"), std::nullopt);
}

}  // namespace
}  // namespace servebench
