// Tests output length, early stops and generated text.
#include "tools/sim/generation.h"

#include <cstdint>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/sim/tokenizer.h"

namespace servebench::sim {
namespace {

using ::testing::Each;
using ::testing::IsEmpty;
using ::testing::Not;

GenerationRequest Request(int64_t max_tokens, uint64_t hash,
                          bool ignore_eos = false, int64_t min_tokens = 0) {
  return GenerationRequest{.max_tokens = max_tokens,
                           .min_tokens = min_tokens,
                           .ignore_eos = ignore_eos,
                           .content_hash = hash};
}

TEST(GenerationTest, IgnoreEosAlwaysProducesMaxTokens) {
  for (uint64_t hash = 0; hash < 200; ++hash) {
    GenerationPlan plan = PlanGeneration(Request(37, hash, true), 1.0, 1);
    ASSERT_EQ(plan.token_texts.size(), 37u) << "hash " << hash;
    EXPECT_EQ(plan.finish, FinishReason::kLength);
    EXPECT_THAT(plan.token_texts, Each(Not(IsEmpty())));
  }
}

TEST(GenerationTest, ZeroFractionNeverStopsEarly) {
  for (uint64_t hash = 0; hash < 200; ++hash) {
    EXPECT_EQ(NaturalStopLength(Request(64, hash), 0.0, 1), std::nullopt);
  }
}

TEST(GenerationTest, EarlyStopsLandBetweenHalfAndAllOfMaxTokens) {
  for (uint64_t hash = 0; hash < 500; ++hash) {
    std::optional<int64_t> stop = NaturalStopLength(Request(101, hash), 1.0, 3);
    ASSERT_TRUE(stop.has_value()) << "hash " << hash;
    EXPECT_GE(*stop, 51);
    EXPECT_LE(*stop, 101);
  }
}

TEST(GenerationTest, StopFractionIsHonouredOverManyRequests) {
  int stops = 0;
  const int requests = 4000;
  for (int hash = 0; hash < requests; ++hash) {
    stops += NaturalStopLength(Request(100, hash), 0.25, 1).has_value();
  }
  // Deterministic (seeded), so this is not a flaky statistical bound.
  EXPECT_GT(stops, requests * 0.22);
  EXPECT_LT(stops, requests * 0.28);
}

TEST(GenerationTest, SameSeedAndContentGiveTheSameAnswer) {
  for (uint64_t hash = 0; hash < 50; ++hash) {
    GenerationPlan a = PlanGeneration(Request(64, hash), 0.5, 9);
    GenerationPlan b = PlanGeneration(Request(64, hash), 0.5, 9);
    EXPECT_EQ(a.token_texts, b.token_texts);
    EXPECT_EQ(a.finish, b.finish);
  }
  EXPECT_NE(PlanGeneration(Request(64, 1), 0, 9).token_texts,
            PlanGeneration(Request(64, 1), 0, 10).token_texts);
  EXPECT_NE(PlanGeneration(Request(64, 1), 0, 9).token_texts,
            PlanGeneration(Request(64, 2), 0, 9).token_texts);
}

TEST(GenerationTest, NaturalStopEndsWithAnEmptyEosToken) {
  GenerationPlan plan = PlanGeneration(Request(20, 5), 1.0, 1);
  ASSERT_EQ(plan.finish, FinishReason::kStop);
  ASSERT_FALSE(plan.token_texts.empty());
  EXPECT_EQ(plan.token_texts.back(), "");
}

TEST(GenerationTest, MinTokensPreventsStoppingBeforeIt) {
  for (uint64_t hash = 0; hash < 200; ++hash) {
    std::optional<int64_t> stop =
        NaturalStopLength(Request(100, hash, false, 90), 1.0, 1);
    ASSERT_TRUE(stop.has_value());
    EXPECT_GE(*stop, 90) << "hash " << hash;
  }
  EXPECT_EQ(NaturalStopLength(Request(10, 1, false, 10), 1.0, 1), 10);
}

TEST(GenerationTest, OneTokenRequestsStillWork) {
  EXPECT_EQ(PlanGeneration(Request(1, 1), 1.0, 1).token_texts.size(), 1u);
  EXPECT_EQ(PlanGeneration(Request(1, 1, true), 1.0, 1).token_texts.size(), 1u);
}

TEST(GenerationTest, EveryVocabularyWordIsOneTokenWithALeadingSpace) {
  for (std::string_view word : Vocabulary()) {
    EXPECT_EQ(word.substr(0, 1), " ") << "'" << word << "'";
    EXPECT_EQ(CountTextTokens(word), 1) << "'" << word << "'";
  }
}

TEST(GenerationTest, FinishReasonNames) {
  EXPECT_EQ(FinishReasonName(FinishReason::kLength), "length");
  EXPECT_EQ(FinishReasonName(FinishReason::kStop), "stop");
}

}  // namespace
}  // namespace servebench::sim
