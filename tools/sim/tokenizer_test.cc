// Tests the documented tokenizer rule and chat-template overhead.
#include "tools/sim/tokenizer.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::sim {
namespace {

using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::Lt;

TEST(TokenizerTest, EmptyAndBlankTextHaveNoTokens) {
  EXPECT_THAT(TokenizeText(""), ::testing::IsEmpty());
  EXPECT_THAT(TokenizeText(" \t\n\r\v\f "), ::testing::IsEmpty());
  EXPECT_EQ(CountTextTokens("   "), 0);
}

TEST(TokenizerTest, EachWhitespaceSeparatedWordIsOneToken) {
  EXPECT_EQ(CountTextTokens("hello world"), 2);
  EXPECT_EQ(CountTextTokens("  a\tb\nc\r\nd  "), 4);
  EXPECT_EQ(CountTextTokens("commas, count! as-part words."), 4);
}

TEST(TokenizerTest, LongRunsSplitIntoEightByteTokens) {
  EXPECT_EQ(CountTextTokens(std::string(8, 'x')), 1);
  EXPECT_EQ(CountTextTokens(std::string(9, 'x')), 2);
  EXPECT_EQ(CountTextTokens(std::string(16, 'x')), 2);
  EXPECT_EQ(CountTextTokens(std::string(17, 'x')), 3);
  // The pieces are the 8-byte slices, so their ids are those of the slices.
  EXPECT_THAT(TokenizeText("abcdefghij"),
              ElementsAre(TokenId("abcdefgh"), TokenId("ij")));
}

TEST(TokenizerTest, Utf8IsCountedInBytes) {
  EXPECT_EQ(CountTextTokens("h\xC3\xA9llo"), 1);  // 6 bytes
  // Six 3-byte characters: 18 bytes, three tokens.
  EXPECT_EQ(CountTextTokens("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x81\xAE"
                            "\xE6\x96\x87\xE7\xAB\xA0"),
            3);
}

TEST(TokenizerTest, IdsAreStableHashesBelowSpecialTokens) {
  std::vector<int32_t> ids = TokenizeText("the cat the dog");
  ASSERT_EQ(ids.size(), 4u);
  EXPECT_EQ(ids[0], ids[2]);
  EXPECT_NE(ids[1], ids[3]);
  EXPECT_EQ(TokenizeText("the"), TokenizeText("  the  "));
  EXPECT_THAT(TokenizeText("some words to check the id range with"),
              Each(Lt(kOrdinaryVocabSize)));
}

TEST(TokenizerTest, CountMatchesTokenize) {
  for (const char* text : {"", "a", "one two  three", "averyveryverylongword x",
                           "\n\nmixed\twhite space\n"}) {
    EXPECT_EQ(CountTextTokens(text),
              static_cast<int64_t>(TokenizeText(text).size()))
        << "text: '" << text << "'";
  }
}

TEST(TokenizerTest, PromptGetsBeginOfTextUnlessDisabled) {
  EXPECT_THAT(TokenizePrompt("test"),
              ElementsAre(kBeginOfTextId, TokenId("test")));
  EXPECT_THAT(TokenizePrompt("test", /*add_special_tokens=*/false),
              ElementsAre(TokenId("test")));
}

TEST(TokenizerTest, ChatTemplateLayout) {
  std::vector<int32_t> ids = TokenizeChat({{"user", "hi there"}});
  EXPECT_THAT(ids, ElementsAre(kBeginOfTextId, kStartHeaderId, TokenId("user"),
                               kEndHeaderId, TokenId("hi"), TokenId("there"),
                               kEndOfTurnId, kStartHeaderId,
                               TokenId("assistant"), kEndHeaderId));
}

TEST(TokenizerTest, ChatOverheadIsOnePlusFourPerMessagePlusThree) {
  std::vector<ChatMessage> messages = {
      {"system", "You are terse."},
      {"user", "Count these five words"},
      {"assistant", "ok"},
      {"user", ""},
  };
  int64_t words = 3 + 4 + 1 + 0;
  EXPECT_EQ(static_cast<int64_t>(TokenizeChat(messages).size()),
            words + kChatBeginTokens +
                kChatTokensPerMessage * static_cast<int64_t>(messages.size()) +
                kChatGenerationPromptTokens);
  EXPECT_EQ(static_cast<int64_t>(
                TokenizeChat(messages, /*add_generation_prompt=*/false).size()),
            words + 1 + 4 * 4);
}

}  // namespace
}  // namespace servebench::sim
