// StreamInterpreter on real server captures (testdata/sse), replayed through
// SseParser with scripted arrival times. Most are partial (no finish chunk,
// usage or [DONE]).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "bench/protocol/stream_interpreter.h"
#include "bench/protocol/stream_test_util.h"

namespace servebench {
namespace {

using namespace stream_test;  // NOLINT: the helpers of these tests
using ::testing::AllOf;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Optional;
using ::testing::StartsWith;

TEST(StreamInterpreterFixtureTest, OpenAiIncludeUsage) {
  StreamInterpreter in =
      ReplayFixture("openai_chat_include_usage_2025-10_UNRESOLVED_REPO.txt");
  const StreamTrace& t = in.trace();
  EXPECT_EQ(MsOf(t.first_token), 1);  // chunk 0 is role + "" + refusal:null
  EXPECT_EQ(MsOf(t.first_content), 1);
  EXPECT_EQ(MsOf(t.last_choice), 7);  // finish chunk; 8 is choices:[] usage
  EXPECT_EQ(t.text_chunks, 6);
  EXPECT_EQ(t.chunks, 9);
  EXPECT_EQ(t.finish_reason, "stop");
  EXPECT_EQ(t.prompt_tokens, 10);
  EXPECT_EQ(t.completion_tokens, 5);
  EXPECT_EQ(t.cached_tokens, 0);
  // The capture ends "data: [DONE]\n" without the blank line that would
  // dispatch it, so by the SSE rules [DONE] never arrived.
  EXPECT_FALSE(t.done);
  EXPECT_THAT(in.Finish(),
              FailsWith("stream ended without data: [DONE] after 9 chunks "
                        "although a choice finished"));
}

TEST(StreamInterpreterFixtureTest, OpenAiIncludeUsageWithFinalBlankLinePasses) {
  StreamInterpreter in = Replay(
      ReadFixture("openai_chat_include_usage_2025-10_UNRESOLVED_REPO.txt") +
          "\n",
      Endpoint::kChatCompletions);
  EXPECT_TRUE(in.trace().done);
  EXPECT_THAT(in.Finish(), IsOk());
}

TEST(StreamInterpreterFixtureTest, SglangErrorInsideHttp200Stream) {
  StreamInterpreter in =
      ReplayFixture("sglang_chat_error_in_stream_http200.txt");
  const StreamTrace& t = in.trace();
  // The error and "[DONE]" share one event (no blank line between them); the
  // error is still what gets reported.
  ASSERT_TRUE(t.error.has_value());
  EXPECT_THAT(*t.error,
              StartsWith("server sent an error inside the stream: Requested "
                         "token count exceeds the model's maximum context "
                         "length of 196608 tokens."));
  // The whole message (under 300 bytes) comes through untruncated.
  EXPECT_THAT(*t.error,
              EndsWith("Please reduce the number of tokens in the input "
                       "messages or the completion to fit within the limit."));
  EXPECT_FALSE(t.done);
  EXPECT_EQ(MsOf(t.last_choice), std::nullopt);
  EXPECT_THAT(in.Finish(), FailsWith("Requested token count exceeds"));
}

// When text arrives in a capture: the chunk (event index, so Ms) of the
// first token, the first answer text and the last choice, and how many
// chunks carry text. Each row is a server's way of starting a stream.
struct Timeline {
  const char* name;
  const char* fixture;
  Endpoint endpoint;
  int first_token;
  std::optional<int> first_content;
  int last_choice;
  int text_chunks;
};

class StreamInterpreterTimelineTest
    : public ::testing::TestWithParam<Timeline> {};

TEST_P(StreamInterpreterTimelineTest, TextArrivesWhereTheCaptureHasIt) {
  const Timeline& want = GetParam();
  StreamInterpreter in = ReplayFixture(want.fixture, want.endpoint);
  const StreamTrace& t = in.trace();
  EXPECT_EQ(MsOf(t.first_token), want.first_token);
  EXPECT_EQ(MsOf(t.first_content), want.first_content);
  EXPECT_EQ(MsOf(t.last_choice), want.last_choice);
  EXPECT_EQ(t.text_chunks, want.text_chunks);
}

INSTANTIATE_TEST_SUITE_P(
    Captures, StreamInterpreterTimelineTest,
    ::testing::Values(
        // A role-only first chunk is not a token.
        Timeline{"VllmRoleOnlyFirstChunk",
                 "vllm_chat_v0.5_role_only_first_chunk.txt",
                 Endpoint::kChatCompletions, 1, 1, 5, 5},
        // Nor are chunks of empty content.
        Timeline{"VllmEmptyContentChunksBeforeText",
                 "vllm_chat_v0.6.6_empty_content_chunks.txt",
                 Endpoint::kChatCompletions, 3, 3, 3, 1},
        Timeline{"VllmRoleAndEmptyContentFirstChunk",
                 "vllm_chat_v0.15_role_and_empty_content_first_chunk.txt",
                 Endpoint::kChatCompletions, 1, 1, 2, 2},
        // Reasoning is a token but not answer text.
        Timeline{"VllmReasoningPlusReasoningContent",
                 "vllm_chat_reasoning_plus_reasoning_content_2025-11.txt",
                 Endpoint::kChatCompletions, 0, 1, 3, 4},
        Timeline{"VllmReasoningOnly", "vllm_chat_reasoning_only_v0.17.txt",
                 Endpoint::kChatCompletions, 0, std::nullopt, 1, 2},
        // A role on every chunk does not hide its text; " " is text too.
        Timeline{"SglangGatewayRoleOnEveryChunkIsStillText",
                 "sglang_gateway_grpc_chat_2026.txt",
                 Endpoint::kChatCompletions, 0, 0, 2, 3},
        Timeline{"LlamaCppCompletions", "llamacpp_completions_b6351.txt",
                 Endpoint::kCompletions, 0, 0, 4, 5}),
    [](const ::testing::TestParamInfo<Timeline>& info) {
      return std::string(info.param.name);
    });

TEST(StreamInterpreterFixtureTest, VllmRoleOnlyFirstChunkNeverFinishes) {
  StreamInterpreter in =
      ReplayFixture("vllm_chat_v0.5_role_only_first_chunk.txt");
  EXPECT_THAT(in.Finish(),
              FailsWith("stream ended without data: [DONE] after 6 chunks and "
                        "no choice finished"));
}

TEST(StreamInterpreterFixtureTest, VllmContinuousUsage) {
  StreamInterpreter in =
      ReplayFixture("vllm_chat_continuous_usage_token_ids_2026.txt");
  EXPECT_EQ(MsOf(in.trace().first_token), 0);
  EXPECT_EQ(MsOf(in.trace().last_choice), 3);
  EXPECT_EQ(in.trace().prompt_tokens, 16);
  EXPECT_EQ(in.trace().completion_tokens, 5);  // from the last chunk
  EXPECT_EQ(in.trace().cached_tokens, std::nullopt);
}

TEST(StreamInterpreterFixtureTest, VllmCompletionsUsageEveryChunk) {
  StreamInterpreter in = ReplayFixture(
      "vllm_completions_usage_every_chunk_tt_fork.txt", Endpoint::kCompletions);
  EXPECT_EQ(MsOf(in.trace().first_token), 0);
  EXPECT_EQ(in.trace().prompt_tokens, 5);
  EXPECT_EQ(in.trace().completion_tokens, 1);
}

TEST(StreamInterpreterFixtureTest, LlamaCppCompletionsWithoutUsage) {
  StreamInterpreter in =
      ReplayFixture("llamacpp_completions_b6351.txt", Endpoint::kCompletions);
  EXPECT_EQ(in.trace().completion_tokens, std::nullopt);
  EXPECT_THAT(in.Finish(), FailsWith("after 5 chunks and no choice finished"));
}

TEST(StreamInterpreterFixtureTest, ChatStreamOnCompletionsEndpointHasNoText) {
  StreamInterpreter in = ReplayFixture(
      "vllm_chat_v0.5_role_only_first_chunk.txt", Endpoint::kCompletions);
  EXPECT_EQ(in.trace().text_chunks, 0);
  EXPECT_THAT(in.Finish(), FailsWith("no generated text after 6 chunks"));
}

TEST(StreamInterpreterFixtureTest, ResponsesApiEventsAreNotChatChunks) {
  StreamInterpreter in = ReplayFixture("vllm_responses_api_event_lines.txt");
  EXPECT_EQ(in.trace().chunks, 6);
  EXPECT_EQ(in.trace().text_chunks, 0);
  EXPECT_THAT(in.Finish(),
              FailsWith("the server sent events of type "
                        "\"response.reasoning_text.delta\", which are not chat "
                        "or completions chunks: check the URL"));
  EXPECT_THAT(in.Finish(), Not(IsOk()));
}

}  // namespace
}  // namespace servebench
