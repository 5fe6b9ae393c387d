// Shared prefixes and conversation histories, word by word.
#include "bench/prompts/workload_prompts.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "testing/words.h"

namespace servebench {
namespace {

// How many leading words two texts share.
size_t SharedWords(const std::string& a, const std::string& b) {
  const auto x = test::SplitWords(a), y = test::SplitWords(b);
  size_t n = 0;
  while (n < x.size() && n < y.size() && x[n] == y[n]) ++n;
  return n;
}

TEST(WorkloadPromptsTest, AGroupSharesExactlyItsPrefixAndKeepsTheLength) {
  PromptSynthesizer synth(7);
  WorkloadPrompts prompts(synth, {/*filler_words=*/200, /*prefix_words=*/64,
                                  /*prefix_group=*/2});
  std::vector<std::string> texts;
  for (int i = 0; i < 4; ++i) {
    const auto messages = prompts.Messages(i);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].role, "user");
    texts.push_back(messages[0].content);
    // Tag + 200 filler words, as a unique prompt of the same ISL.
    EXPECT_EQ(test::SplitWords(texts.back()).size(), 208u);
  }
  // The group's 64 words and then its own tag: nothing more by chance
  // beyond a word or two.
  EXPECT_GE(SharedWords(texts[0], texts[1]), 64u);
  EXPECT_LT(SharedWords(texts[0], texts[1]), 67u);
  EXPECT_GE(SharedWords(texts[2], texts[3]), 64u);
  EXPECT_LT(SharedWords(texts[1], texts[2]), 3u);  // another group
}

TEST(WorkloadPromptsTest, ALaterTurnResendsTheWholeHistory) {
  PromptSynthesizer synth(8);
  WorkloadPrompts prompts(synth, {50, 0, 1, /*turns=*/3, /*reply_words=*/20});
  const auto first = prompts.Messages(0);
  const auto second = prompts.Messages(1);
  const auto third = prompts.Messages(2);
  ASSERT_EQ(first.size(), 1u);
  ASSERT_EQ(second.size(), 3u);
  ASSERT_EQ(third.size(), 5u);
  EXPECT_EQ(second[0].content, first[0].content);
  EXPECT_EQ(second[1].role, "assistant");
  EXPECT_EQ(test::SplitWords(second[1].content).size(), 20u);
  EXPECT_EQ(test::SplitWords(second[2].content).size(),
            58u);  // as long as turn 0
  EXPECT_EQ(third[1].content, second[1].content);
  EXPECT_EQ(third[2].content, second[2].content);
  EXPECT_NE(third[4].content, second[2].content);
  // The next conversation starts afresh.
  EXPECT_EQ(prompts.Messages(3).size(), 1u);
}

TEST(WorkloadPromptsTest, CalibrationCorrectsTheOwnFillerToTheServersCount) {
  PromptSynthesizer synth(9);
  WorkloadPrompts prompts(synth, {100, 32, 4});
  // A tokenizer counting a template of 5 tokens, and 2 more tokens where
  // the prefix meets the rest.
  int counts = 0;
  const TokenCounter counter =
      [&](const std::string& prompt) -> Result<int64_t> {
    ++counts;
    return static_cast<int64_t>(test::SplitWords(prompt).size()) + 5 + 2;
  };
  auto counted = prompts.Calibrate(counter, 113);
  ASSERT_TRUE(counted.ok()) << counted.error();
  EXPECT_EQ(*counted, 113);
  EXPECT_EQ(prompts.own_filler_words(), 100 - 32 - 2);
  EXPECT_EQ(counts, 2);
  EXPECT_EQ(test::SplitWords(prompts.Messages(0)[0].content).size(),
            32u + 8 + 66);
}

TEST(WorkloadPromptsTest, ACounterThatFailsFailsTheCalibration) {
  PromptSynthesizer synth(10);
  WorkloadPrompts prompts(synth, {100, 32, 4});
  auto counted = prompts.Calibrate(
      [](const std::string&) -> Result<int64_t> { return Error{"HTTP 500"}; },
      100);
  ASSERT_FALSE(counted.ok());
  EXPECT_EQ(counted.error(), "HTTP 500");
}

}  // namespace
}  // namespace servebench
