// The optional server modes over real HTTP: speculative decoding chunks and
// counters, the prefix cache, reasoning tokens, --ignore-ignore-eos,
// --reject-fields and the live KV cache usage gauge.
//
// Timing assertions are lower bounds from the configured timing plus a very
// generous upper bound, as in server_test.cc.
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/sim/config.h"
#include "tools/sim/server.h"
#include "tools/sim/test_answer.h"
#include "tools/sim/test_http_client.h"
#include "tools/sim/test_json.h"
#include "tools/sim/test_server.h"
#include "tools/sim/vllm_log.h"

namespace servebench::sim {
namespace {

using testing::AnswersWith;
using testing::ChatBody;
using ::testing::HasSubstr;
using testing::JsonShows;
using testing::kExactStreamWithContinuousUsage;
using testing::MetricValue;
using testing::MsBetween;
using testing::ParseJson;
using testing::Show;
using testing::SseResponse;
using testing::TestClock;
using testing::TestHttpClient;
using testing::TestServer;
using testing::Words;

constexpr double kSlackMs = 5000;

TEST(SimServerModesTest, SpecDecodingChunksCountersAndLog) {
  constexpr int kK = 3;
  constexpr int kTokens = 60;
  constexpr double kTtftMs = 20;
  constexpr double kTpotMs = 5;
  TestServer server({.ttft_base_ms = kTtftMs,
                     .prefill_us_per_token = 0,
                     .tpot_ms = kTpotMs,
                     .spec_tokens = kK,
                     .spec_acceptance = 0.6});
  ASSERT_TRUE(server.started().ok());
  TestHttpClient client;
  SseResponse r = client.PostStreamRaw(
      server.Url("/v1/chat/completions"),
      ChatBody("hello", kTokens, kExactStreamWithContinuousUsage));
  ASSERT_EQ(r.curl_code, CURLE_OK) << r.curl_error;
  ASSERT_EQ(r.status, 200);

  int64_t summed = 0;
  int64_t chunks = 0;
  for (size_t i = 1; i + 2 < r.events.size(); ++i) {  // skip role, usage, DONE
    rapidjson::Document chunk = ParseJson(r.events[i].data);
    const rapidjson::Value* ids = testing::At(chunk, "/choices/0/token_ids");
    ASSERT_NE(ids, nullptr) << r.events[i].data;
    ASSERT_TRUE(ids->IsArray());
    const int64_t n = ids->Size();
    EXPECT_GE(n, 1);
    EXPECT_LE(n, kK + 1);
    // Every generated word is one token written " word".
    const std::string content = Show(chunk, "/choices/0/delta/content");
    EXPECT_EQ(std::count(content.begin(), content.end(), ' '), n) << content;
    summed += n;
    ++chunks;
    EXPECT_EQ(Show(chunk, "/usage/completion_tokens"), std::to_string(summed));
    // One tpot per step, not per token.
    EXPECT_GE(MsBetween(r.sent, r.events[i].arrived),
              kTtftMs + (chunks - 1) * kTpotMs);
  }
  rapidjson::Document usage = ParseJson(r.events[r.events.size() - 2].data);
  EXPECT_EQ(Show(usage, "/usage/completion_tokens"), std::to_string(kTokens));
  EXPECT_EQ(summed, kTokens);
  EXPECT_LT(chunks, kTokens) << "no chunk carried accepted draft tokens";

  const std::string url = server.Url("");
  const double drafts =
      MetricValue(client, url, "vllm:spec_decode_num_drafts_total");
  const double accepted =
      MetricValue(client, url, "vllm:spec_decode_num_accepted_tokens_total");
  EXPECT_EQ(drafts, chunks);
  EXPECT_EQ(accepted, kTokens - chunks);
  EXPECT_EQ(MetricValue(client, url, "vllm:spec_decode_num_draft_tokens_total"),
            kK * chunks);
  double per_position = 0;
  for (int j = 0; j < kK; ++j) {
    const double at_j = MetricValue(
        client, url, "vllm:spec_decode_num_accepted_tokens_per_pos_total",
        "position=\"" + std::to_string(j) + "\"");
    ASSERT_GE(at_j, 0) << "position " << j;
    per_position += at_j;
  }
  EXPECT_EQ(per_position, accepted);
  EXPECT_EQ(MetricValue(client, url, "vllm:generation_tokens_total"), kTokens);

  const std::string text = server.Log();
  EXPECT_THAT(text, HasSubstr("[metrics.py:101] SpecDecoding metrics: Mean "
                              "acceptance length: "));
  EXPECT_THAT(text,
              HasSubstr(", Accepted: " + std::to_string(kTokens - chunks) +
                        " tokens, Drafted: " + std::to_string(kK * chunks) +
                        " tokens, "));
}

TEST(SimServerModesTest, PrefixCacheSkipsPrefillOfARepeatedPrompt) {
  constexpr double kTtftMs = 10;
  constexpr double kPrefillUs = 3000;  // 3 ms per uncached prompt token
  TestServer server({.ttft_base_ms = kTtftMs,
                     .prefill_us_per_token = kPrefillUs,
                     .tpot_ms = 1,
                     .prefix_cache = true});
  ASSERT_TRUE(server.started().ok());
  TestHttpClient client;
  const std::string url = server.Url("/v1/chat/completions");
  // 300 words + 8 template tokens.
  constexpr int64_t kPrompt = 308;
  constexpr int64_t kCached = kPrompt / 16 * 16;
  const std::string body =
      ChatBody(Words(300), 2, testing::kExactStreamWithUsage);

  SseResponse first = client.PostStreamRaw(url, body);
  ASSERT_EQ(first.curl_code, CURLE_OK) << first.curl_error;
  ASSERT_EQ(first.events.size(), 5u) << first.raw_body;
  rapidjson::Document usage1 = ParseJson(first.events[3].data);
  EXPECT_EQ(Show(usage1, "/usage/prompt_tokens"), std::to_string(kPrompt));
  EXPECT_EQ(Show(usage1, "/usage/prompt_tokens_details"),
            R"({"cached_tokens":0})");
  const double ttft1 = MsBetween(first.sent, first.events[1].arrived);
  EXPECT_GE(ttft1, kTtftMs + kPrefillUs * kPrompt / 1000);

  SseResponse second = client.PostStreamRaw(url, body);
  ASSERT_EQ(second.curl_code, CURLE_OK) << second.curl_error;
  ASSERT_EQ(second.events.size(), 5u) << second.raw_body;
  rapidjson::Document usage2 = ParseJson(second.events[3].data);
  EXPECT_EQ(Show(usage2, "/usage/prompt_tokens_details/cached_tokens"),
            std::to_string(kCached));
  const double ttft2 = MsBetween(second.sent, second.events[1].arrived);
  const double expected2 = kTtftMs + kPrefillUs * (kPrompt - kCached) / 1000;
  EXPECT_GE(ttft2, expected2);
  EXPECT_LE(ttft2, expected2 + kSlackMs);
  EXPECT_LT(ttft2, ttft1);

  const std::string base = server.Url("");
  EXPECT_EQ(MetricValue(client, base, "vllm:prefix_cache_queries_total"),
            2 * kPrompt);
  EXPECT_EQ(MetricValue(client, base, "vllm:prefix_cache_hits_total"), kCached);
}

TEST(SimServerModesTest, PrefixCacheOffKeepsNullDetails) {
  TestServer server({.ttft_base_ms = 1, .tpot_ms = 1});
  ASSERT_TRUE(server.started().ok());
  TestHttpClient client;
  for (int i = 0; i < 2; ++i) {
    Result<testing::HttpResponse> r =
        client.Post(server.Url("/v1/chat/completions"),
                    ChatBody(Words(40), 2, testing::kExactTokens));
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(Show(ParseJson(r->body), "/usage/prompt_tokens_details"), "null");
  }
  EXPECT_EQ(MetricValue(client, server.Url(""), "vllm:prefix_cache_hits_total"),
            -1);
}

TEST(SimServerModesTest, ReasoningTokensComeFirst) {
  constexpr int kReasoning = 4;
  constexpr double kTtftMs = 20;
  constexpr double kTpotMs = 10;
  TestServer server({.ttft_base_ms = kTtftMs,
                     .prefill_us_per_token = 0,
                     .tpot_ms = kTpotMs,
                     .reasoning_tokens = kReasoning});
  ASSERT_TRUE(server.started().ok());
  TestHttpClient client;
  SseResponse r = client.PostStreamRaw(
      server.Url("/v1/chat/completions"),
      ChatBody("think", 10, kExactStreamWithContinuousUsage));
  ASSERT_EQ(r.curl_code, CURLE_OK) << r.curl_error;
  ASSERT_EQ(r.events.size(), 1u + 10 + 2) << r.raw_body;
  for (int i = 1; i <= 10; ++i) {
    rapidjson::Document chunk = ParseJson(r.events[i].data);
    const bool thinking = i <= kReasoning;
    EXPECT_EQ(Show(chunk, "/choices/0/delta/reasoning_content") != "<missing>",
              thinking)
        << r.events[i].data;
    EXPECT_EQ(Show(chunk, "/choices/0/delta/content") != "<missing>", !thinking)
        << r.events[i].data;
  }
  EXPECT_EQ(Show(ParseJson(r.events[11].data), "/usage/completion_tokens"),
            "10");
  const double first_content =
      MsBetween(r.sent, r.events[kReasoning + 1].arrived);
  EXPECT_GE(first_content, kTtftMs + kReasoning * kTpotMs);
  EXPECT_LE(first_content, kTtftMs + kReasoning * kTpotMs + kSlackMs);
}

TEST(SimServerModesTest, IgnoreIgnoreEosAndRejectFields) {
  TestServer server({.ttft_base_ms = 1,
                     .tpot_ms = 1,
                     .early_stop_fraction = 1.0,
                     .ignore_ignore_eos = true,
                     .reject_fields = {"min_tokens"}});
  ASSERT_TRUE(server.started().ok());
  TestHttpClient client;
  const std::string url = server.Url("/v1/chat/completions");
  Result<testing::HttpResponse> r =
      client.Post(url, ChatBody("x", 40, testing::kExactTokens));
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(Show(ParseJson(r->body), "/choices/0/finish_reason"), "stop");

  EXPECT_THAT(client.Post(url, ChatBody("x", 40, R"("min_tokens":40)")),
              AnswersWith(400, {{"/message", "min_tokens is not supported"},
                                {"/param", "min_tokens"},
                                {"/type", "BadRequestError"}}));
}

TEST(SimServerModesTest, KvCacheUsageRisesDuringARequest) {
  TestServer server({.ttft_base_ms = 1,
                     .prefill_us_per_token = 0,
                     .tpot_ms = 20,
                     .kv_cache_tokens = 1600});
  ASSERT_TRUE(server.started().ok());
  // 100 words + 8 template tokens, then 100 generated tokens over 2 s.
  std::thread streamer([&] {
    TestHttpClient client;
    client.PostStreamRaw(
        server.Url("/v1/chat/completions"),
        ChatBody(Words(100), 100, kExactStreamWithContinuousUsage));
  });
  TestHttpClient probe;
  double peak = 0;
  const TestClock::time_point deadline =
      TestClock::now() + std::chrono::seconds(30);
  while (TestClock::now() < deadline) {
    const double usage =
        MetricValue(probe, server.Url(""), "vllm:kv_cache_usage_perc");
    peak = std::max(peak, usage);
    if (usage > 108.0 / 1600) break;  // generated tokens are counted too
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  streamer.join();
  EXPECT_GT(peak, 108.0 / 1600);
  EXPECT_LE(peak, 208.0 / 1600);
  EXPECT_EQ(MetricValue(probe, server.Url(""), "vllm:kv_cache_usage_perc"), 0);
}

}  // namespace
}  // namespace servebench::sim
