#include "bench/protocol/request_figures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

namespace servebench {
namespace {

using std::chrono::milliseconds;

// A stream scripted on a fixed timeline: request sent at t0, first token at
// t0 + 250 ms, last choice at t0 + 250 ms + 127 * 20 ms, 128 tokens.
StreamTrace ScriptedTrace(Clock::time_point t0) {
  StreamTrace trace;
  trace.first_token = t0 + milliseconds(250);
  trace.last_choice = t0 + milliseconds(250 + 127 * 20);
  trace.prompt_tokens = 1024;
  trace.completion_tokens = 128;
  trace.cached_tokens = 0;
  return trace;
}

TEST(RequestFiguresTest, SeedFormulasOnScriptedTimestamps) {
  const Clock::time_point t0{};
  auto f = ComputeRequestFigures(t0, ScriptedTrace(t0), 0);
  ASSERT_TRUE(f.ok()) << f.error();
  EXPECT_DOUBLE_EQ(f->ttft_ms, 250.0);
  EXPECT_DOUBLE_EQ(f->decode_time_ms, 2540.0);
  EXPECT_DOUBLE_EQ(f->total_time_ms, 2790.0);
  ASSERT_TRUE(f->tpot_ms && f->decode_tps && f->e2e_tps);
  EXPECT_DOUBLE_EQ(*f->tpot_ms, 20.0);            // 2540 / 127
  EXPECT_DOUBLE_EQ(*f->decode_tps, 128 / 2.540);  // tokens / decode s
  EXPECT_DOUBLE_EQ(*f->e2e_tps, 128 / 2.790);     // tokens / total s
  EXPECT_EQ(f->prompt_tokens, 1024);
  EXPECT_EQ(f->completion_tokens, 128);
  EXPECT_EQ(f->cached_tokens, 0);
}

TEST(RequestFiguresTest, TokensComeFromUsageNotChunks) {
  // Speculative decoding: 64 chunks carried 128 tokens. TPOT uses tokens.
  const Clock::time_point t0{};
  StreamTrace trace = ScriptedTrace(t0);
  trace.text_chunks = 64;
  auto f = ComputeRequestFigures(t0, trace, 0);
  ASSERT_TRUE(f.ok());
  EXPECT_DOUBLE_EQ(*f->tpot_ms, 20.0);
}

TEST(RequestFiguresTest, SingleTokenHasNoDecodeFigures) {
  const Clock::time_point t0{};
  StreamTrace trace;
  trace.first_token = t0 + milliseconds(40);
  trace.last_choice = t0 + milliseconds(40);
  trace.prompt_tokens = 10;
  trace.completion_tokens = 1;
  auto f = ComputeRequestFigures(t0, trace, 0);
  ASSERT_TRUE(f.ok());
  EXPECT_DOUBLE_EQ(f->ttft_ms, 40.0);
  EXPECT_FALSE(f->tpot_ms.has_value());
  EXPECT_FALSE(f->decode_tps.has_value());
  ASSERT_TRUE(f->e2e_tps.has_value());
  EXPECT_DOUBLE_EQ(*f->e2e_tps, 25.0);
}

TEST(RequestFiguresTest, MissingTextOrUsageIsAnError) {
  const Clock::time_point t0{};
  StreamTrace no_text;
  no_text.prompt_tokens = 5;
  no_text.completion_tokens = 0;
  auto a = ComputeRequestFigures(t0, no_text, 0);
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().find("no generated text"), std::string::npos);

  StreamTrace no_usage = ScriptedTrace(t0);
  no_usage.completion_tokens.reset();
  auto b = ComputeRequestFigures(t0, no_usage, 0);
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().find("no usage"), std::string::npos);
}

TEST(RequestFiguresTest, PerTokenItlWithThreeTokenChunks) {
  // MTP-like: after the first chunk, chunks of 3 tokens every 30 ms.
  const Clock::time_point t0{};
  StreamTrace trace;
  trace.first_choice = t0 + milliseconds(5);
  trace.first_token = t0 + milliseconds(100);
  trace.first_content = t0 + milliseconds(100);
  trace.text_chunk_log = {{t0 + milliseconds(100), 1},
                          {t0 + milliseconds(130), 3},
                          {t0 + milliseconds(160), 3}};
  trace.last_choice = t0 + milliseconds(160);
  trace.prompt_tokens = 10;
  trace.completion_tokens = 7;
  auto f = ComputeRequestFigures(t0, trace, 0);
  ASSERT_TRUE(f.ok()) << f.error();
  EXPECT_TRUE(f->chunk_tokens_known);
  EXPECT_THAT(f->chunk_itl_ms, testing::ElementsAre(30, 30));
  EXPECT_THAT(f->itl_ms, testing::ElementsAre(10, 10, 10, 10, 10, 10));
  EXPECT_DOUBLE_EQ(*f->tokens_per_chunk, 7.0 / 3);
  EXPECT_DOUBLE_EQ(*f->tpot_ms, 60.0 / 6);  // unchanged: decode / (n - 1)
  EXPECT_DOUBLE_EQ(*f->ttfc_ms, 100);
  EXPECT_DOUBLE_EQ(*f->role_lead_ms, 95);
}

TEST(RequestFiguresTest, UnknownChunkCountsUseTheMeanTokensPerChunk) {
  const Clock::time_point t0{};
  StreamTrace trace;
  trace.first_token = t0;
  trace.text_chunk_log = {{t0, std::nullopt},
                          {t0 + milliseconds(20), std::nullopt}};
  trace.last_choice = t0 + milliseconds(20);
  trace.prompt_tokens = 10;
  trace.completion_tokens = 4;  // 2 tokens per chunk on average
  auto f = ComputeRequestFigures(t0, trace, 0);
  ASSERT_TRUE(f.ok());
  EXPECT_FALSE(f->chunk_tokens_known);
  EXPECT_THAT(f->itl_ms, testing::ElementsAre(10, 10));
}

TEST(RequestFiguresTest, ReasoningFirstMakesTtfcLater) {
  const Clock::time_point t0{};
  StreamTrace trace = ScriptedTrace(t0);
  trace.first_content =
      t0 + milliseconds(250 + 50 * 20);  // 50 reasoning tokens
  auto f = ComputeRequestFigures(t0, trace, 0);
  ASSERT_TRUE(f.ok());
  EXPECT_DOUBLE_EQ(f->ttft_ms, 250);
  EXPECT_DOUBLE_EQ(*f->ttfc_ms, 1250);
}

TEST(RequestFiguresTest, LlamaCppTimingsGiveTheServersClock) {
  // The real final chunk's figures (llama.cpp PR #15827): 35 tokens over
  // 661.064 ms from the first, so 34 gaps.
  const Clock::time_point t0{};
  StreamTrace trace = ScriptedTrace(t0);
  ServerTimings timings;
  timings.prompt_ms = 30.958;
  timings.predicted_ms = 661.064;
  timings.predicted_n = 35;
  trace.timings = timings;
  auto f = ComputeRequestFigures(t0, trace, 0);
  ASSERT_TRUE(f.ok()) << f.error();
  EXPECT_EQ(f->server_ttft_ms, 30.958);
  EXPECT_DOUBLE_EQ(*f->server_tpot_ms, 661.064 / 34);
  // Without timings: unknown, not 0.
  auto none = ComputeRequestFigures(t0, ScriptedTrace(t0), 0);
  EXPECT_EQ(none->server_ttft_ms, std::nullopt);
  EXPECT_EQ(none->server_tpot_ms, std::nullopt);
}

TEST(RequestFiguresTest, ImpossibleTimingsAreLeftOut) {
  const Clock::time_point t0{};
  for (const ServerTimings& t : {ServerTimings{-1.0, 100.0, {}, 1, {}},
                                 ServerTimings{INFINITY, NAN, {}, 10, {}},
                                 ServerTimings{1e12, 100.0, {}, 0, {}}}) {
    StreamTrace trace = ScriptedTrace(t0);
    trace.timings = t;
    auto f = ComputeRequestFigures(t0, trace, 0);
    ASSERT_TRUE(f.ok());
    EXPECT_EQ(f->server_ttft_ms, std::nullopt);
    EXPECT_EQ(f->server_tpot_ms, std::nullopt);
  }
}

}  // namespace
}  // namespace servebench
