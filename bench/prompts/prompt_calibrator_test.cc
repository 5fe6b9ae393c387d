#include "bench/prompts/prompt_calibrator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace servebench {
namespace {

int64_t Words(const std::string& text) {
  std::istringstream in(text);
  int64_t n = 0;
  for (std::string w; in >> w;) ++n;
  return n;
}

// A tokenizer like the simulator's: one token per word plus a chat template.
TokenCounter TemplateCounter(int64_t overhead, int* calls) {
  return [overhead, calls](const std::string& prompt) -> Result<int64_t> {
    ++*calls;
    return Words(prompt) + overhead;
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
    return Words(p) / 2 * 2;
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

}  // namespace
}  // namespace servebench
