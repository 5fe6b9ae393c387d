// ChunkReader: the fields of real chunk shapes, read in one pass.
#include "bench/protocol/chunk_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace servebench {
namespace {

ChunkFields Read(const std::string& json,
                 Endpoint endpoint = Endpoint::kChatCompletions) {
  ChunkReader reader(endpoint);
  ChunkFields fields;
  size_t consumed = 0;
  EXPECT_TRUE(reader.Read(json, fields, consumed)) << json;
  EXPECT_EQ(consumed, json.size()) << json;
  return fields;
}

TEST(ChunkReaderTest, ContentTokenIdsFinishAndContinuousUsage) {
  const ChunkFields f =
      Read(R"({"id":"x","choices":[{"index":0,"delta":{"content":" hi"},)"
           R"("finish_reason":"length","token_ids":[5,6,7]}],)"
           R"("usage":{"prompt_tokens":10,"completion_tokens":3,)"
           R"("prompt_tokens_details":{"cached_tokens":2}}})");
  EXPECT_TRUE(f.object);
  EXPECT_FALSE(f.error);
  EXPECT_TRUE(f.any_choice);
  EXPECT_TRUE(f.content);
  EXPECT_FALSE(f.text);
  EXPECT_EQ(f.token_ids, 3);
  EXPECT_EQ(f.finish_reason, "length");
  EXPECT_TRUE(f.usage);
  EXPECT_EQ(f.prompt_tokens, 10);
  EXPECT_EQ(f.completion_tokens, 3);
  EXPECT_EQ(f.cached_tokens, 2);
}

TEST(ChunkReaderTest, RoleOnlyNullAndEmptyContentIsNoText) {
  for (
      const char* json :
      {R"({"choices":[{"delta":{"role":"assistant","content":null}}]})",
       R"({"choices":[{"delta":{"role":"assistant","content":""}}]})",
       R"({"choices":[{"delta":{"role":"assistant"},"finish_reason":null}]})"}) {
    const ChunkFields f = Read(json);
    EXPECT_TRUE(f.any_choice) << json;
    EXPECT_FALSE(f.content || f.text) << json;
    EXPECT_EQ(f.finish_reason, "") << json;
  }
}

TEST(ChunkReaderTest, ReasoningIsTextNotContent) {
  EXPECT_TRUE(
      Read(R"({"choices":[{"delta":{"reasoning_content":"hm"}}]})").text);
  const ChunkFields f =
      Read(R"({"choices":[{"delta":{"reasoning":"hm","content":null}}]})");
  EXPECT_TRUE(f.text);
  EXPECT_FALSE(f.content);
}

TEST(ChunkReaderTest, EachEndpointReadsItsOwnField) {
  const std::string completions = R"({"choices":[{"text":"hi"}]})";
  const std::string chat = R"({"choices":[{"delta":{"content":"hi"}}]})";
  EXPECT_TRUE(Read(completions, Endpoint::kCompletions).content);
  EXPECT_FALSE(Read(completions, Endpoint::kChatCompletions).content);
  EXPECT_TRUE(Read(chat, Endpoint::kChatCompletions).content);
  EXPECT_FALSE(Read(chat, Endpoint::kCompletions).content);
}

TEST(ChunkReaderTest, UsageOnlyChunkHasNoChoice) {
  const ChunkFields f = Read(
      R"({"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2}})");
  EXPECT_FALSE(f.any_choice);
  EXPECT_TRUE(f.usage);
  EXPECT_EQ(f.completion_tokens, 2);
  EXPECT_FALSE(f.cached_tokens);
}

TEST(ChunkReaderTest, CountsThatAreNotIntegersAreUnknown) {
  const ChunkFields f =
      Read(R"({"usage":{"prompt_tokens":1.5,"completion_tokens":"3",)"
           R"("prompt_tokens_details":null}})");
  EXPECT_TRUE(f.usage);
  EXPECT_FALSE(f.prompt_tokens);
  EXPECT_FALSE(f.completion_tokens);
  EXPECT_FALSE(Read(R"({"usage":null})").usage);
}

TEST(ChunkReaderTest, FieldsInTheWrongPlaceAreIgnored) {
  const ChunkFields f = Read(
      R"({"content":"x","delta":{"content":"y"},"choices":[{"content":"z",)"
      R"("usage":{"completion_tokens":9}}],"x":{"usage":{"prompt_tokens":1}}})");
  EXPECT_TRUE(f.any_choice);
  EXPECT_FALSE(f.content);
  EXPECT_FALSE(f.usage);
}

TEST(ChunkReaderTest, ErrorsAreFlaggedNullErrorIsNot) {
  EXPECT_TRUE(Read(R"({"error":{"message":"boom"}})").error);
  EXPECT_TRUE(Read(R"({"error":"boom"})").error);
  EXPECT_FALSE(Read(R"({"error":null,"choices":[]})").error);
  EXPECT_FALSE(Read(R"({"x":{"error":"nested is not the chunk's"}})").error);
}

TEST(ChunkReaderTest, NotAnObjectIsSaidSo) {
  EXPECT_FALSE(Read("[1,2]").object);
  EXPECT_FALSE(Read("5").object);
}

TEST(ChunkReaderTest, BadJsonAndDeepNestingAreRefused) {
  ChunkReader reader(Endpoint::kChatCompletions);
  ChunkFields fields;
  size_t consumed = 0;
  EXPECT_FALSE(reader.Read("{\"choices\":[", fields, consumed));
  EXPECT_FALSE(reader.Read(std::string(100000, '['), fields, consumed));
  // The reader is fine afterwards.
  EXPECT_TRUE(reader.Read(R"({"choices":[{"delta":{"content":"a"}}]})", fields,
                          consumed));
  EXPECT_TRUE(fields.content);
}

TEST(ChunkReaderTest, StopsAfterTheFirstValue) {
  ChunkReader reader(Endpoint::kChatCompletions);
  ChunkFields fields;
  size_t consumed = 0;
  const std::string data = R"({"choices":[]}[DONE])";
  EXPECT_TRUE(reader.Read(data, fields, consumed));
  EXPECT_EQ(consumed, 14u);
}

}  // namespace
}  // namespace servebench
