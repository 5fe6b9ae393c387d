#include "bench/prompts/prompt_calibrator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/words.h"

namespace servebench {
namespace {

// A tokenizer like the simulator's: one token per word plus a chat template.
TokenCounter TemplateCounter(int64_t overhead, int* calls) {
  return [overhead, calls](const std::string& prompt) -> Result<int64_t> {
    ++*calls;
    return test::CountWords(prompt) + overhead;
  };
}

TEST(PromptCalibratorTest, ConvergesToTheExactIslForEverySeedPair) {
  PromptSynthesizer prompts(1);
  int calls = 0;
  PromptCalibrator calibrator(prompts, TemplateCounter(8, &calls), "/tokenize");
  for (int64_t isl : {128, 256, 1024, 4096, 8192, 16384, 32768, 65536}) {
    auto c = calibrator.For(isl);
    ASSERT_TRUE(c.ok()) << c.error();
    EXPECT_TRUE(c->exact()) << isl;
    EXPECT_EQ(c->filler_words, isl - 8 - PromptSynthesizer::kTagWords);
    EXPECT_LE(c->counts, 2);
  }
  EXPECT_LE(calls, 16);
}

TEST(PromptCalibratorTest, CachesPerIsl) {
  PromptSynthesizer prompts(1);
  int calls = 0;
  PromptCalibrator calibrator(prompts, TemplateCounter(3, &calls), "/tokenize");
  ASSERT_TRUE(calibrator.For(1024).ok());
  const int after_first = calls;
  ASSERT_TRUE(calibrator.For(1024).ok());
  EXPECT_EQ(calls, after_first);
}

TEST(PromptCalibratorTest, TokenizerThatMergesWordsEndsClosestFromBelow) {
  PromptSynthesizer prompts(1);
  // Counts only even totals: 1023 cannot be hit exactly.
  TokenCounter even = [](const std::string& p) -> Result<int64_t> {
    return test::CountWords(p) / 2 * 2;
  };
  PromptCalibrator calibrator(prompts, even, "probe requests");
  auto c = calibrator.For(1023);
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->exact());
  EXPECT_EQ(c->counted_tokens, 1022);
}

TEST(PromptCalibratorTest, ErrorsNameTheIslAndTheMethod) {
  PromptSynthesizer prompts(1);
  TokenCounter failing = [](const std::string&) -> Result<int64_t> {
    return Error{"HTTP 500 from http://x/tokenize"};
  };
  PromptCalibrator broken(prompts, failing, "/tokenize");
  EXPECT_THAT(broken.For(128).error(),
              testing::HasSubstr("calibrating the prompt for ISL 128 with "
                                 "/tokenize failed: HTTP 500"));
  int calls = 0;
  PromptCalibrator tiny(prompts, TemplateCounter(40, &calls), "/tokenize");
  EXPECT_THAT(tiny.For(16).error(), testing::HasSubstr("ISL 16 is too small"));
}

TEST(PromptCalibratorTest, AbsurdCountsAreErrorsNotRunawayPrompts) {
  PromptSynthesizer prompts(1);
  for (int64_t lie : {int64_t{-1000000000000}, int64_t{-1}, int64_t{1} << 40}) {
    size_t largest_prompt = 0;
    TokenCounter liar = [&](const std::string& p) -> Result<int64_t> {
      largest_prompt = std::max(largest_prompt, p.size());
      return lie;
    };
    PromptCalibrator calibrator(prompts, liar, "/tokenize");
    auto c = calibrator.For(1024);
    ASSERT_FALSE(c.ok()) << lie;
    EXPECT_THAT(c.error(), testing::HasSubstr("which no tokenizer can"));
    EXPECT_LT(largest_prompt, 100000u) << lie;
  }
}

TEST(PromptCalibratorTest, ACountOfZeroNeverGrowsThePromptPastTheBound) {
  PromptSynthesizer prompts(1);
  size_t largest_prompt = 0;
  TokenCounter zero = [&](const std::string& p) -> Result<int64_t> {
    largest_prompt = std::max(largest_prompt, p.size());
    return 0;
  };
  PromptCalibrator calibrator(prompts, zero, "/tokenize");
  auto c = calibrator.For(1024);
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->exact());
  // Six counts at most, each adding at most ISL words.
  EXPECT_LT(largest_prompt, 8 * 7 * 1024u);
}

}  // namespace
}  // namespace servebench
