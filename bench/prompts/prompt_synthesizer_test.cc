#include "bench/prompts/prompt_synthesizer.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "testing/words.h"

namespace servebench {
namespace {

TEST(PromptSynthesizerTest, TagMakesEveryPromptDifferFromItsFirstWords) {
  PromptSynthesizer prompts(42);
  std::set<std::string> tags;
  int first_word_repeats = 0;
  std::set<std::string> first_words;
  for (int i = 0; i < 200; ++i) {
    const std::vector<std::string> w = test::SplitWords(prompts.Next(16));
    std::string tag;
    for (int k = 0; k < PromptSynthesizer::kTagWords; ++k) tag += w[k] + " ";
    EXPECT_TRUE(tags.insert(tag).second) << tag;
    if (!first_words.insert(w[0]).second) ++first_word_repeats;
  }
  // 64 possible first words over 200 prompts: repeats happen, but the first
  // word is not fixed.
  EXPECT_GT(first_words.size(), 30u);
}

TEST(PromptSynthesizerTest, DifferentRunsNeverShareAPrompt) {
  PromptSynthesizer a(1), b(2);
  EXPECT_NE(a.Next(64), b.Next(64));
}

TEST(PromptSynthesizerTest, WordCountIsTagPlusFillerExactly) {
  PromptSynthesizer prompts(7);
  EXPECT_EQ(test::SplitWords(prompts.Next(1016)).size(), 1024u);
  EXPECT_EQ(test::SplitWords(prompts.Next(0)).size(),
            static_cast<size_t>(PromptSynthesizer::kTagWords));
  EXPECT_EQ(test::SplitWords(prompts.Next(120)).size(), 128u);
}

TEST(PromptSynthesizerTest, FillerVariesBetweenRequests) {
  PromptSynthesizer prompts(9);
  const std::vector<std::string> a = test::SplitWords(prompts.Next(256));
  const std::vector<std::string> b = test::SplitWords(prompts.Next(256));
  EXPECT_NE(std::vector<std::string>(a.begin() + 8, a.end()),
            std::vector<std::string>(b.begin() + 8, b.end()));
}

}  // namespace
}  // namespace servebench
