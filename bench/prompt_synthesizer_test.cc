#include "bench/prompt_synthesizer.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

namespace servebench {
namespace {

int Words(const std::string& text) {
  std::istringstream in(text);
  int n = 0;
  for (std::string w; in >> w;) ++n;
  return n;
}

TEST(PromptSynthesizerTest, EveryPromptDiffersFromItsFirstWord) {
  PromptSynthesizer prompts(42);
  std::set<std::string> first_two_words;
  for (int i = 0; i < 50; ++i) {
    std::istringstream in(prompts.Next(128));
    std::string a, b;
    in >> a >> b;
    // The tag is the second word; it must be new for every request.
    EXPECT_TRUE(first_two_words.insert(a + " " + b).second) << a << " " << b;
  }
}

TEST(PromptSynthesizerTest, DifferentRunsNeverShareAPrompt) {
  PromptSynthesizer a(1), b(2);
  EXPECT_NE(a.Next(64), b.Next(64));
}

TEST(PromptSynthesizerTest, WordCountTracksTheTarget) {
  PromptSynthesizer prompts(7);
  // Tag ("Request <hex>-<n>:") is two words standing in for ~8 tokens.
  EXPECT_EQ(Words(prompts.Next(1024)), 1024 - 8 + 2);
  EXPECT_EQ(Words(prompts.Next(128)), 128 - 8 + 2);
}

TEST(PromptSynthesizerTest, FillerVariesBetweenRequests) {
  PromptSynthesizer prompts(9);
  const std::string a = prompts.Next(256), b = prompts.Next(256);
  EXPECT_NE(a.substr(a.find(':')), b.substr(b.find(':')));
}

}  // namespace
}  // namespace servebench
