// ChunkReader: the fields of real chunk shapes, read in one pass.
#include "bench/protocol/chunk_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "testing/allocation_count.h"
#include "testing/files.h"

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

// The final chunk of llama.cpp PR #15827 (the fixture): its "..." elision
// and "#" lines dropped, and the two prompt_progress lines after it.
std::string LlamaCppFinalChunk() {
  const std::string text = test::ReadFileOrFail(
      "bench/protocol/testdata/sse/"
      "llamacpp_chat_final_chunk_timings_PARTIAL.txt");
  std::string json;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.rfind("#", 0) == 0 || line.find("...") != std::string::npos ||
        line.find("prompt_progress") != std::string::npos) {
      continue;
    }
    json += (json.empty() ? "" : "\n") + line;
  }
  while (!json.empty() && json.back() == '\n') json.pop_back();
  return json;
}

TEST(ChunkReaderTest, ReadsLlamaCppTimingsOfTheRealFinalChunk) {
  const ChunkFields f = Read(LlamaCppFinalChunk());
  EXPECT_FALSE(f.any_choice);
  ASSERT_TRUE(f.has_timings);
  EXPECT_EQ(f.timings.prompt_ms, 30.958);
  EXPECT_EQ(f.timings.predicted_ms, 661.064);
  EXPECT_EQ(f.timings.prompt_n, 1);
  EXPECT_EQ(f.timings.predicted_n, 35);
  EXPECT_EQ(f.timings.cache_n, 236);
}

TEST(ChunkReaderTest, TimingsOnlyAtTheTopAndReadWhole) {
  // Whole milliseconds are integers; a newer object replaces an older one.
  const ChunkFields f =
      Read(R"({"timings":{"prompt_ms":5,"predicted_n":3},)"
           R"("timings":{"prompt_ms":31,"predicted_ms":40.5}})");
  ASSERT_TRUE(f.has_timings);
  EXPECT_EQ(f.timings.prompt_ms, 31);
  EXPECT_EQ(f.timings.predicted_ms, 40.5);
  EXPECT_EQ(f.timings.predicted_n, std::nullopt);
  EXPECT_FALSE(
      Read(R"({"choices":[{"timings":{"prompt_ms":1}}]})").has_timings);
  EXPECT_FALSE(Read(R"({"usage":{"timings":{"prompt_ms":1}}})").has_timings);
  const ChunkFields odd =
      Read(R"({"timings":{"prompt_ms":"31","predicted_n":1.5}})");
  EXPECT_TRUE(odd.has_timings);
  EXPECT_EQ(odd.timings.prompt_ms, std::nullopt);
  EXPECT_EQ(odd.timings.predicted_n, std::nullopt);
}

TEST(ChunkReaderTest, NothingIsAllocatedPerChunkOnceWarm) {
  ChunkReader reader(Endpoint::kChatCompletions);
  ChunkFields fields;
  size_t consumed = 0;
  const std::string chunks[] = {
      R"({"choices":[{"index":0,"delta":{"content":" hi"},"finish_reason":null}],)"
      R"("usage":{"prompt_tokens":10,"completion_tokens":3}})",
      R"({"choices":[{"index":0,"delta":{},"finish_reason":"length"}]})",
      LlamaCppFinalChunk()};
  for (const std::string& chunk : chunks) {
    ASSERT_TRUE(reader.Read(chunk, fields, consumed));  // warm up
  }
  const long before = test::AllocationCount();
  for (int round = 0; round < 10; ++round) {
    for (const std::string& chunk : chunks) {
      reader.Read(chunk, fields, consumed);
    }
  }
  EXPECT_EQ(test::AllocationCount() - before, 0);
  EXPECT_EQ(fields.timings.predicted_n, 35);
}

}  // namespace
}  // namespace servebench
