#include "bench/base/json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace servebench {
namespace {

using testing::HasSubstr;

std::string Nested(char open, char close, int depth) {
  std::string text(depth, open);
  if (open == '{') {
    text.clear();
    for (int i = 0; i < depth; ++i) text += "{\"a\":";
    text += "1";
    text += std::string(depth, close);
    return text;
  }
  return text + std::string(depth, close);
}

TEST(ParseJsonTest, ParsesAnOrdinaryDocument) {
  rapidjson::Document doc;
  const JsonParse parsed =
      ParseJson(R"({"choices":[{"delta":{"content":"hi"}}],"n":3})", doc);
  ASSERT_TRUE(parsed.ok) << parsed.error;
  EXPECT_STREQ(doc["choices"][0]["delta"]["content"].GetString(), "hi");
  EXPECT_EQ(doc["n"].GetInt(), 3);
}

TEST(ParseJsonTest, HundredThousandDeepArraysAndObjectsAreErrorsNotCrashes) {
  for (char open : {'[', '{'}) {
    rapidjson::Document doc;
    const JsonParse parsed =
        ParseJson(Nested(open, open == '[' ? ']' : '}', 100000), doc);
    EXPECT_FALSE(parsed.ok);
    EXPECT_TRUE(parsed.too_deep);
    EXPECT_THAT(parsed.error, HasSubstr("nested deeper than 64 levels"));
    EXPECT_TRUE(doc.IsNull());
  }
}

TEST(ParseJsonTest, UnclosedDeepNestingIsTooDeepToo) {
  rapidjson::Document doc;
  EXPECT_TRUE(ParseJson(std::string(1 << 20, '['), doc).too_deep);
}

TEST(ParseJsonTest, TheLimitIsInclusive) {
  rapidjson::Document doc;
  EXPECT_TRUE(ParseJson(Nested('[', ']', 64), doc).ok);
  EXPECT_FALSE(ParseJson(Nested('[', ']', 65), doc).ok);
  EXPECT_TRUE(ParseJson(Nested('[', ']', 3), doc, true, 3).ok);
}

TEST(ParseJsonTest, SyntaxErrorsSayWhere) {
  rapidjson::Document doc;
  const JsonParse parsed = ParseJson("[1,2", doc);
  EXPECT_FALSE(parsed.ok);
  EXPECT_FALSE(parsed.too_deep);
  EXPECT_THAT(parsed.error, HasSubstr("byte 4"));
}

TEST(ParseJsonTest, TrailingDataIsAnErrorOnlyForWholeDocuments) {
  rapidjson::Document doc;
  EXPECT_TRUE(ParseJson("{} \n", doc).ok);
  const JsonParse whole = ParseJson("{}x", doc);
  EXPECT_FALSE(whole.ok);
  EXPECT_THAT(whole.error, HasSubstr("byte 2"));
  const JsonParse prefix = ParseJson("{\"a\":1}[DONE]", doc, /*whole=*/false);
  ASSERT_TRUE(prefix.ok) << prefix.error;
  EXPECT_EQ(prefix.consumed, 7u);
  EXPECT_EQ(doc["a"].GetInt(), 1);
}

TEST(ParseJsonTest, AnEmbeddedNulIsAnError) {
  rapidjson::Document doc;
  EXPECT_FALSE(ParseJson(std::string("{\"a\":\"x\0y\"}", 11), doc).ok);
}

}  // namespace
}  // namespace servebench
