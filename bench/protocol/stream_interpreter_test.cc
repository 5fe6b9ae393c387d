// Tests for StreamInterpreter: hand-made chunks for each rule (real server
// captures are in stream_interpreter_fixture_test.cc).
#include "bench/protocol/stream_interpreter.h"

#include <chrono>
#include <fstream>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>

#include "bench/protocol/sse_parser.h"
#include "bench/protocol/stream_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench {

namespace {

using namespace stream_test;  // NOLINT: the helpers of these tests

using ::testing::AllOf;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Optional;
using ::testing::StartsWith;

TEST(StreamInterpreterTest, CompleteChatStreamIsTracedAndPasses) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  Send(in, ChatChunk(R"({"role":"assistant","content":""})"), 0);
  Send(in, ChatChunk(R"({"content":"Hi"})"), 1);
  Send(in, ChatChunk(R"({"content":"!"})"), 2);
  Send(in, ChatChunk("{}", R"("stop")"), 3);
  Send(in, kUsage, 4);
  Send(in, "[DONE]", 5);
  const StreamTrace& t = in.trace();
  EXPECT_EQ(MsOf(t.first_token), 1);
  EXPECT_EQ(MsOf(t.first_content), 1);
  EXPECT_EQ(MsOf(t.last_choice), 3);  // the usage-only chunk at 4 is not one
  EXPECT_EQ(t.prompt_tokens, 10);
  EXPECT_EQ(t.completion_tokens, 5);
  EXPECT_EQ(t.cached_tokens, 2);
  EXPECT_EQ(t.chunks, 5);
  EXPECT_EQ(t.text_chunks, 2);
  EXPECT_EQ(t.finish_reason, "stop");
  EXPECT_TRUE(t.done);
  EXPECT_EQ(t.error, std::nullopt);
  EXPECT_THAT(in.Finish(), IsOk());
}

TEST(StreamInterpreterTest, RoleOnlyNullAndEmptyTextAreNotTokens) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  Send(in, ChatChunk(R"({"role":"assistant"})"), 0);
  Send(in, ChatChunk(R"({"role":"assistant","content":""})"), 1);
  Send(in, ChatChunk(R"({"content":null,"reasoning_content":null})"), 2);
  Send(in, ChatChunk(R"({"reasoning":"","reasoning_content":""})"), 3);
  EXPECT_EQ(MsOf(in.trace().first_token), std::nullopt);
  EXPECT_EQ(in.trace().text_chunks, 0);
  EXPECT_EQ(MsOf(in.trace().last_choice), 3);
  Send(in, ChatChunk(R"({"role":"assistant","content":"x"})"), 4);
  EXPECT_EQ(MsOf(in.trace().first_token), 4);
}

TEST(StreamInterpreterTest, ReasoningIsATokenButNotContent) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  Send(in, ChatChunk(R"({"reasoning_content":"hmm"})"), 0);
  Send(in, ChatChunk(R"({"reasoning":"so"})"), 1);
  EXPECT_EQ(MsOf(in.trace().first_token), 0);
  EXPECT_EQ(MsOf(in.trace().first_content), std::nullopt);
  Send(in, ChatChunk(R"({"content":"Yes","reasoning_content":null})"), 2);
  EXPECT_EQ(MsOf(in.trace().first_token), 0);
  EXPECT_EQ(MsOf(in.trace().first_content), 2);
  EXPECT_EQ(in.trace().text_chunks, 3);
}

TEST(StreamInterpreterTest, TextInAnyChoiceCounts) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  Send(in,
       R"({"choices":[{"index":0,"delta":{}},)"
       R"({"index":1,"delta":{"content":"b"}}]})",
       0);
  EXPECT_EQ(MsOf(in.trace().first_token), 0);
}

TEST(StreamInterpreterTest, CompletionsReadsChoiceText) {
  StreamInterpreter in(Endpoint::kCompletions);
  Send(in, R"({"choices":[{"text":"","finish_reason":null}]})", 0);
  Send(in, R"({"choices":[{"delta":{"content":"not here"}}]})", 1);
  Send(in, R"({"choices":[{"text":"Hello","finish_reason":null}]})", 2);
  Send(in, R"({"choices":[{"text":"","finish_reason":"length"}]})", 3);
  EXPECT_EQ(MsOf(in.trace().first_token), 2);
  EXPECT_EQ(MsOf(in.trace().first_content), 2);
  EXPECT_EQ(MsOf(in.trace().last_choice), 3);
  EXPECT_EQ(in.trace().text_chunks, 1);
  EXPECT_EQ(in.trace().finish_reason, "length");
}

TEST(StreamInterpreterTest, ChatIgnoresCompletionsText) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  Send(in, R"({"choices":[{"text":"Hello"}]})", 0);
  EXPECT_EQ(in.trace().text_chunks, 0);
}

TEST(StreamInterpreterTest, ContinuousUsageLastOneWins) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  Send(in,
       R"({"choices":[{"delta":{"content":"a"}}],"usage":{"prompt_tokens":16,)"
       R"("completion_tokens":1,"prompt_tokens_details":{"cached_tokens":8}}})",
       0);
  EXPECT_EQ(in.trace().completion_tokens, 1);
  EXPECT_EQ(in.trace().cached_tokens, 8);
  Send(in,
       R"({"choices":[],"usage":{"prompt_tokens":16,"completion_tokens":7}})",
       1);
  EXPECT_EQ(in.trace().prompt_tokens, 16);
  EXPECT_EQ(in.trace().completion_tokens, 7);
  // The newer usage object has no details, so the old cached count is gone.
  EXPECT_EQ(in.trace().cached_tokens, std::nullopt);
}

TEST(StreamInterpreterTest, NullUsageDoesNotEraseEarlierUsage) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  Send(in, kUsage, 0);
  Send(in, R"({"choices":[],"usage":null})", 1);
  EXPECT_EQ(in.trace().completion_tokens, 5);
}

TEST(StreamInterpreterTest, CachedTokensMayBeNullOrAbsent) {
  StreamInterpreter null_details(Endpoint::kChatCompletions);
  Send(null_details,
       R"({"usage":{"prompt_tokens":3,"completion_tokens":4,)"
       R"("prompt_tokens_details":null}})",
       0);
  EXPECT_EQ(null_details.trace().prompt_tokens, 3);
  EXPECT_EQ(null_details.trace().cached_tokens, std::nullopt);

  StreamInterpreter null_cached(Endpoint::kChatCompletions);
  Send(null_cached,
       R"({"usage":{"prompt_tokens":3,"completion_tokens":4,)"
       R"("prompt_tokens_details":{"cached_tokens":null}}})",
       0);
  EXPECT_EQ(null_cached.trace().completion_tokens, 4);
  EXPECT_EQ(null_cached.trace().cached_tokens, std::nullopt);
}

TEST(StreamInterpreterTest, WrongShapesAreIgnoredWithoutCrashing) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  Send(in, R"({"choices":{"0":{"delta":{"content":"x"}}}})", 0);
  Send(in, R"({"choices":[1,null,"x",[]]})", 1);
  Send(in, R"({"choices":[{"delta":"x","finish_reason":3}]})", 2);
  Send(in, R"({"choices":[{"delta":{"content":5,"reasoning":["x"]}}]})", 3);
  Send(in, R"({"usage":"lots"})", 4);
  Send(in, R"({"usage":{"prompt_tokens":"10","completion_tokens":1.5}})", 5);
  Send(in, "{}", 6);
  Send(in, "[DONE]", 7);
  const StreamTrace& t = in.trace();
  EXPECT_EQ(t.error, std::nullopt);
  EXPECT_EQ(t.chunks, 7);
  EXPECT_EQ(t.text_chunks, 0);
  EXPECT_EQ(t.finish_reason, "");
  EXPECT_EQ(MsOf(t.last_choice), 3);  // non-empty arrays, even of junk
  EXPECT_EQ(t.prompt_tokens, std::nullopt);
  EXPECT_EQ(t.completion_tokens, std::nullopt);
  EXPECT_TRUE(t.done);
}

TEST(StreamInterpreterTest, EventsAfterDoneAreIgnored) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  Send(in, ChatChunk(R"({"content":"a"})"), 0);
  Send(in, "[DONE]", 1);
  Send(in, ChatChunk(R"({"content":"b"})", R"("stop")"), 2);
  Send(in, "not json", 3);
  EXPECT_EQ(MsOf(in.trace().last_choice), 0);
  EXPECT_EQ(in.trace().chunks, 1);
  EXPECT_EQ(in.trace().finish_reason, "");
  EXPECT_EQ(in.trace().error, std::nullopt);
}

TEST(StreamInterpreterTest, ErrorObjectWithMessageIsReported) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  Send(in, ChatChunk(R"({"content":"a"})"), 0);
  Send(in, R"({"error":{"message":"CUDA out of memory\nretry","code":500}})",
       1);
  Send(in, ChatChunk(R"({"content":"b"})"), 2);  // ignored after the error
  EXPECT_EQ(
      in.trace().error,
      "server sent an error inside the stream: CUDA out of memory\\nretry");
  EXPECT_EQ(MsOf(in.trace().last_choice), 0);
  EXPECT_THAT(in.Finish(), FailsWith("CUDA out of memory"));
}

TEST(StreamInterpreterTest, ErrorAsStringIsReported) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  Send(in, R"({"error":"model is overloaded"})", 0);
  EXPECT_EQ(in.trace().error,
            "server sent an error inside the stream: model is overloaded");
}

TEST(StreamInterpreterTest, ErrorWithoutMessageShowsTheJson) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  Send(in, R"({"error":{"code":503,"type":"busy"}})", 0);
  EXPECT_EQ(in.trace().error, R"(server sent an error inside the stream: )"
                              R"({"code":503,"type":"busy"})");
}

TEST(StreamInterpreterTest, NullErrorMemberIsNotAnError) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  Send(in, R"({"error":null,"choices":[{"delta":{"content":"a"}}]})", 0);
  EXPECT_EQ(in.trace().error, std::nullopt);
  EXPECT_EQ(in.trace().text_chunks, 1);
}

TEST(StreamInterpreterTest, ErrorEventTypeIsReported) {
  StreamInterpreter plain(Endpoint::kChatCompletions);
  Send(plain, "upstream timed out", 0, "error");
  EXPECT_EQ(plain.trace().error,
            "server sent an error inside the stream: upstream timed out");

  StreamInterpreter json(Endpoint::kChatCompletions);
  Send(json, R"({"message":"rate limited"})", 0, "error");
  EXPECT_EQ(json.trace().error,
            "server sent an error inside the stream: rate limited");
}

TEST(StreamInterpreterTest, LongErrorIsTruncatedAndControlCharsEscaped) {
  StreamInterpreter escaped(Endpoint::kChatCompletions);
  Send(
      escaped,
      R"({"error":{"message":"bad\u0001\t)" + std::string(1000, 'x') + R"("}})",
      0);
  // The escapes decode to real control characters that must not reach the
  // one-line report raw.
  ASSERT_TRUE(escaped.trace().error.has_value());
  const std::string& error = *escaped.trace().error;
  EXPECT_THAT(error, StartsWith("server sent an error inside the stream: "
                                "bad\\x01\\txxx"));
  EXPECT_THAT(error, EndsWith("xxx... (1005 bytes in all)"));
  EXPECT_LT(error.size(), 400u);
}

TEST(StreamInterpreterTest, TruncationDoesNotSplitUtf8) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  // 299 ASCII bytes, then a 3-byte character straddling the 300-byte cut.
  std::string message = std::string(299, 'a') + "\xE4\xBD\xA0" + "tail";
  Send(in, R"({"error":")" + message + R"("})", 0);
  ASSERT_TRUE(in.trace().error.has_value());
  EXPECT_THAT(*in.trace().error,
              EndsWith(std::string(299, 'a') + "... (306 bytes in all)"));
}

TEST(StreamInterpreterTest, NonJsonDataIsQuotedInTheError) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  Send(in, "<html>\n<body>502 Bad Gateway \"nginx\"</body>", 0);
  ASSERT_TRUE(in.trace().error.has_value());
  EXPECT_THAT(
      *in.trace().error,
      AllOf(StartsWith("server sent data that is not JSON (byte 0: "),
            HasSubstr(R"("<html>\n<body>502 Bad Gateway \"nginx\"</body>")"),
            EndsWith("check that the URL is an OpenAI-compatible "
                     "endpoint")));
  EXPECT_EQ(in.trace().chunks, 0);
}

TEST(StreamInterpreterTest, LongNonJsonDataIsTruncated) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  Send(in, "{" + std::string(5000, 'z'), 0);
  ASSERT_TRUE(in.trace().error.has_value());
  EXPECT_THAT(*in.trace().error, HasSubstr("... (5001 bytes in all)\""));
  EXPECT_LT(in.trace().error->size(), 500u);
}

TEST(StreamInterpreterTest, TwoJsonValuesInOneEventIsAnError) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  Send(in, ChatChunk(R"({"content":"a"})") + "\n[DONE]", 0);
  EXPECT_THAT(in.trace().error,
              Optional(AllOf(HasSubstr("more than one JSON value"),
                             HasSubstr(R"("[DONE]")"))));
  EXPECT_FALSE(in.trace().done);
}

TEST(StreamInterpreterTest, JsonThatIsNotAnObjectIsAnError) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  Send(in, "[1, 2]", 0);
  EXPECT_THAT(
      in.trace().error,
      Optional(HasSubstr("JSON chunk that is not an object: \"[1, 2]\"")));
}

// Finish() reports the first problem in its order; fixing that problem
// uncovers the next one.
TEST(StreamInterpreterTest, DeeplyNestedChunksAreOneSentenceNotACrash) {
  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
  objects += "1" + std::string(100000, '}');
  for (const std::string& data :
       {std::string(100000, '[') + std::string(100000, ']'), objects,
        std::string(1 << 20, '[')}) {
    StreamInterpreter in(Endpoint::kChatCompletions);
    Send(in, ChatChunk(R"({"content":"Hi"})"), 1);
    Send(in, data, 2);
    EXPECT_THAT(in.Finish(), FailsWith("nested deeper than 64 levels"));
    EXPECT_LT(in.trace().error->size(), 1000u);
    EXPECT_EQ(in.trace().text_chunks, 1);
  }
}

TEST(StreamInterpreterFinishTest, ReportsProblemsInPrecedenceOrder) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  Send(in, ChatChunk(R"({"role":"assistant"})"), 0);
  Send(in, ChatChunk(R"({"content":""})"), 1);
  EXPECT_THAT(in.Finish(),
              FailsWith("stream carried no generated text after 2 chunks (no "
                        "non-empty delta.content, delta.reasoning_content or "
                        "delta.reasoning): check that the endpoint"));

  Send(in, ChatChunk(R"({"content":"a"})"), 2);
  EXPECT_THAT(in.Finish(),
              FailsWith("stream ended without data: [DONE] after 3 chunks and "
                        "no choice finished: the connection was cut or the "
                        "server crashed mid-stream"));

  Send(in, ChatChunk("{}", R"("stop")"), 3);
  EXPECT_THAT(in.Finish(),
              FailsWith("stream ended without data: [DONE] after 4 chunks "
                        "although a choice finished (finish_reason \"stop\")"));

  Send(in, "[DONE]", 4);
  EXPECT_THAT(in.Finish(),
              FailsWith("the server sent no usage after 4 chunks; servebench "
                        "requests stream_options.include_usage=true: use a "
                        "server version that supports it"));
}

TEST(StreamInterpreterFinishTest, ErrorComesFirst) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  Send(in, R"({"error":"boom"})", 0);
  EXPECT_THAT(in.Finish(),
              FailsWith("server sent an error inside the stream: boom"));
}

TEST(StreamInterpreterFinishTest, IncompleteUsageIsNamed) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  Send(in, ChatChunk(R"({"content":"a"})", R"("stop")"), 0);
  Send(in, R"({"choices":[],"usage":{"prompt_tokens":10}})", 1);
  Send(in, "[DONE]", 2);
  EXPECT_THAT(in.Finish(),
              FailsWith("the server sent a usage object without integer "
                        "prompt_tokens and completion_tokens after 2 chunks"));
}

TEST(StreamInterpreterFinishTest, EmptyStreamHasNoText) {
  StreamInterpreter in(Endpoint::kCompletions);
  EXPECT_THAT(in.Finish(),
              FailsWith("stream carried no generated text after 0 chunks (no "
                        "non-empty choices[].text)"));
}

TEST(TextChunkLogTest, TokenIdsGiveTokensPerChunk) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  const Clock::time_point t0{};
  in.OnEvent(
      Data(
          R"({"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]})"),
      t0);
  in.OnEvent(
      Data(
          R"({"choices":[{"index":0,"delta":{"content":" a b c"},"token_ids":[1,2,3]}]})"),
      t0 + std::chrono::milliseconds(50));
  in.OnEvent(
      Data(
          R"({"choices":[{"index":0,"delta":{"content":" d"},"token_ids":[4]}]})"),
      t0 + std::chrono::milliseconds(60));
  const StreamTrace& t = in.trace();
  ASSERT_EQ(t.text_chunk_log.size(), 2u);
  EXPECT_EQ(t.text_chunk_log[0].tokens, 3);
  EXPECT_EQ(t.text_chunk_log[1].tokens, 1);
  EXPECT_EQ(t.text_chunk_log[1].at, t0 + std::chrono::milliseconds(60));
  // The role-only chunk is the first choice, not the first token.
  EXPECT_EQ(t.first_choice, t0);
  EXPECT_EQ(t.first_token, t0 + std::chrono::milliseconds(50));
}

TEST(TextChunkLogTest, ContinuousUsageGrowthGivesTokensPerChunk) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  const Clock::time_point t0{};
  in.OnEvent(
      Data(
          R"({"choices":[{"index":0,"delta":{"role":"assistant","content":""}}],"usage":{"prompt_tokens":5,"completion_tokens":0}})"),
      t0);
  in.OnEvent(
      Data(
          R"({"choices":[{"index":0,"delta":{"content":" a b"}}],"usage":{"prompt_tokens":5,"completion_tokens":2}})"),
      t0);
  in.OnEvent(
      Data(
          R"({"choices":[{"index":0,"delta":{"content":" c b a"}}],"usage":{"prompt_tokens":5,"completion_tokens":5}})"),
      t0);
  const StreamTrace& t = in.trace();
  ASSERT_EQ(t.text_chunk_log.size(), 2u);
  EXPECT_EQ(t.text_chunk_log[0].tokens, 2);
  EXPECT_EQ(t.text_chunk_log[1].tokens, 3);
}

TEST(TextChunkLogTest, UsageOnlyOnTheFinishChunkSaysNothingPerChunk) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  const Clock::time_point t0{};
  in.OnEvent(Data(R"({"choices":[{"index":0,"delta":{"content":" a"}}]})"), t0);
  in.OnEvent(
      Data(
          R"({"choices":[{"index":0,"delta":{"content":" b"},"finish_reason":"length"}],"usage":{"prompt_tokens":5,"completion_tokens":2}})"),
      t0);
  const StreamTrace& t = in.trace();
  ASSERT_EQ(t.text_chunk_log.size(), 2u);
  EXPECT_FALSE(t.text_chunk_log[0].tokens.has_value());
  EXPECT_FALSE(t.text_chunk_log[1].tokens.has_value());
}

}  // namespace
}  // namespace servebench
