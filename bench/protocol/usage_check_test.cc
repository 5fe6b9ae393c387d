// ImpossibleUsage against streams a correct server sends and the lies the
// issue saw.
#include "bench/protocol/usage_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bench/protocol/stream_test_util.h"

namespace servebench {
namespace {

using namespace stream_test;  // NOLINT: the helpers of these tests
using testing::AllOf;
using testing::HasSubstr;

std::string Usage(int prompt, int completion, const char* extra = "") {
  return std::string(R"({"choices":[],"usage":{"prompt_tokens":)") +
         std::to_string(prompt) + R"(,"completion_tokens":)" +
         std::to_string(completion) + extra + "}}";
}

// n text chunks of one token each, then the final usage chunk.
StreamInterpreter Stream(int n, int claimed_completion) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  for (int i = 0; i < n; ++i) Send(in, ChatChunk(R"({"content":"w"})"), i);
  Send(in, Usage(10, claimed_completion), n);
  Send(in, "[DONE]", n + 1);
  return in;
}

// With continuous usage: every chunk says how many tokens so far.
StreamInterpreter ContinuousStream(int n, int final_claim) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  Send(in,
       R"({"choices":[{"delta":{"role":"assistant","content":""}}],)"
       R"("usage":{"prompt_tokens":10,"completion_tokens":0}})",
       0);
  for (int i = 1; i <= n; ++i) {
    Send(in,
         R"({"choices":[{"delta":{"content":"w"}}],"usage":{"prompt_tokens":)"
         R"(10,"completion_tokens":)" +
             std::to_string(i) + "}}",
         i);
  }
  Send(in, Usage(10, final_claim), n + 1);
  Send(in, "[DONE]", n + 2);
  return in;
}

TEST(ImpossibleUsageTest, HonestStreamsPass) {
  EXPECT_EQ(ImpossibleUsage(Stream(16, 16).trace(), 16), std::nullopt);
  EXPECT_EQ(ImpossibleUsage(ContinuousStream(16, 16).trace(), 16),
            std::nullopt);
  // Unknown max_tokens is not checked.
  EXPECT_EQ(ImpossibleUsage(Stream(16, 40).trace(), 0), std::nullopt);
}

TEST(ImpossibleUsageTest, MoreCompletionTokensThanMaxTokensFails) {
  auto why = ImpossibleUsage(Stream(16, 16000).trace(), 16);
  ASSERT_TRUE(why);
  EXPECT_THAT(*why,
              AllOf(HasSubstr("claims 16000 completion tokens for a request "
                              "with max_tokens 16"),
                    HasSubstr("16 chunks with text streamed"),
                    HasSubstr("can be trusted")));
}

TEST(ImpossibleUsageTest, FewerTokensThanTextChunksFails) {
  auto why = ImpossibleUsage(Stream(16, 3).trace(), 16);
  ASSERT_TRUE(why);
  EXPECT_THAT(*why, HasSubstr("claims 3 completion tokens but 16 chunks "
                              "carried text"));
}

TEST(ImpossibleUsageTest, ChunkCountsThatDoNotAddUpFail) {
  // Continuous usage says 16 in all; the final usage claims 20 (within
  // max_tokens 32, so only the sum betrays it).
  auto why = ImpossibleUsage(ContinuousStream(16, 20).trace(), 32);
  ASSERT_TRUE(why);
  EXPECT_THAT(*why, HasSubstr("claims 20 completion tokens but its chunks "
                              "carried 16"));
}

TEST(ImpossibleUsageTest, AStopTokenOnTheFinishChunkIsAllowed) {
  StreamInterpreter in(Endpoint::kChatCompletions);
  Send(in, R"({"choices":[{"delta":{"content":"a"},"token_ids":[5]}]})", 0);
  Send(in, R"({"choices":[{"delta":{"content":"b"},"token_ids":[6]}]})", 1);
  // The stop token: no text, finish_reason.
  Send(in,
       R"({"choices":[{"delta":{"content":""},"finish_reason":"stop",)"
       R"("token_ids":[2]}]})",
       2);
  Send(in, Usage(10, 3), 3);
  Send(in, "[DONE]", 4);
  EXPECT_EQ(ImpossibleUsage(in.trace(), 16), std::nullopt);
}

TEST(ImpossibleUsageTest, CountsOutsideTheBoundsFail) {
  StreamInterpreter negative(Endpoint::kChatCompletions);
  Send(negative, ChatChunk(R"({"content":"w"})"), 0);
  Send(negative, Usage(-5, 1), 1);
  EXPECT_THAT(*ImpossibleUsage(negative.trace(), 16),
              HasSubstr("prompt_tokens -5, outside 0 to 16777216"));
  StreamInterpreter cached(Endpoint::kChatCompletions);
  Send(cached, ChatChunk(R"({"content":"w"})"), 0);
  Send(cached, Usage(10, 1, R"(,"prompt_tokens_details":{"cached_tokens":11})"),
       1);
  EXPECT_THAT(*ImpossibleUsage(cached.trace(), 16),
              HasSubstr("11 cached of 10 prompt tokens"));
}

}  // namespace
}  // namespace servebench
