// Talks HTTP to an in-process SimServer through libcurl, as the benchmark
// does: endpoints, error bodies, exact stream chunk sequences, timing lower
// bounds derived from the configured timing, keep-alive and concurrency.
//
// Timing assertions only use lower bounds the server must honour plus very
// generous upper bounds: the machines running this are shared and noisy.
#include "tools/sim/server.h"

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/sim/config.h"
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
using testing::kExactStreamWithUsage;
using testing::kExactTokens;
using testing::MsBetween;
using testing::ParseJson;
using testing::Show;
using testing::SseResponse;
using testing::TestClock;
using testing::TestHttpClient;
using testing::TestServer;
using testing::Words;

constexpr double kTtftMs = 100;
constexpr double kPrefillUsPerToken = 100;
constexpr double kTpotMs = 10;
constexpr std::string_view kModel = "sim-test-model";
// Slack for the upper bounds: far above any plausible scheduling delay.
constexpr double kSlackMs = 2000;

// The chat template adds 1 + 4 per message + 3 tokens (tokenizer.h).
double ExpectedTtftMs(int64_t prompt_tokens) {
  return kTtftMs + kPrefillUsPerToken * prompt_tokens / 1000.0;
}

// Passes when `arg` (milliseconds) is in [low, low + slack]; explains a miss.
MATCHER_P2(TookBetweenMs, low, slack,
           "took between " + std::to_string(low) + " and " +
               std::to_string(low + slack) + " ms") {
  *result_listener << "took " << arg << " ms";
  if (arg < low) {
    *result_listener << ", " << (low - arg) << " ms less than the server's "
                     << "configured timing allows";
    return false;
  }
  if (arg > low + slack) {
    *result_listener << ", " << (arg - low) << " ms more than configured";
    return false;
  }
  return true;
}

// One server for the suite: its timing above, its log captured.
class SimServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new TestServer({.model = std::string(kModel),
                              .ttft_base_ms = kTtftMs,
                              .prefill_us_per_token = kPrefillUsPerToken,
                              .tpot_ms = kTpotMs});
  }

  static void TearDownTestSuite() { delete server_; }

  void SetUp() override { ASSERT_TRUE(server_->started().ok()); }

  static std::string Url(std::string_view path) { return server_->Url(path); }

  // The value of the first sample of `series` in /metrics, or -1.
  static double Metric(TestHttpClient& client, std::string_view series) {
    return testing::MetricValue(client, Url(""), series);
  }

  static inline TestServer* server_ = nullptr;
  TestHttpClient client_;
};

TEST_F(SimServerTest, ModelsListsTheServedModel) {
  Result<testing::HttpResponse> r = client_.Get(Url("/v1/models"));
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->headers["content-type"], "application/json");
  EXPECT_THAT(r->body, JsonShows({{"/object", "list"},
                                  {"/data/0/id", std::string(kModel)},
                                  {"/data/0/object", "model"},
                                  {"/data/0/owned_by", "vllm"},
                                  {"/data/0/max_model_len", "8192"}}));
}

TEST_F(SimServerTest, HealthIs200) {
  Result<testing::HttpResponse> r = client_.Get(Url("/health"));
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(server_->server().ready());
}

TEST_F(SimServerTest, TokenizeCountEqualsChatPromptTokens) {
  const std::string messages =
      R"([{"role":"system","content":"You are a helpful assistant."},)"
      R"({"role":"user","content":"Explain KV caching in two sentences, please."}])";
  Result<testing::HttpResponse> tokenized =
      client_.Post(Url("/tokenize"), R"({"model":")" + std::string(kModel) +
                                         R"(","messages":)" + messages + "}");
  ASSERT_TRUE(tokenized.ok()) << tokenized.error();
  ASSERT_EQ(tokenized->status, 200) << tokenized->body;
  rapidjson::Document t = ParseJson(tokenized->body);
  EXPECT_EQ(Show(t, "/max_model_len"), "8192");

  Result<testing::HttpResponse> chat =
      client_.Post(Url("/v1/chat/completions"),
                   R"({"model":")" + std::string(kModel) + R"(","messages":)" +
                       messages + R"(,"max_tokens":1})");
  ASSERT_TRUE(chat.ok()) << chat.error();
  ASSERT_EQ(chat->status, 200) << chat->body;
  rapidjson::Document c = ParseJson(chat->body);
  EXPECT_EQ(Show(c, "/usage/prompt_tokens"), Show(t, "/count"));
  // 5 + 7 words, of which "assistant." and "sentences," have 10 bytes and
  // count two tokens each: 14 text tokens + 1 + 2 * 4 + 3 template tokens.
  EXPECT_EQ(Show(t, "/count"), "26");
}

TEST_F(SimServerTest, ChatStreamSendsTheExactChunkSequence) {
  constexpr int kTokens = 8;
  // Naming the served model, as a benchmark client does.
  Result<SseResponse> r = client_.PostStream(
      Url("/v1/chat/completions"),
      ChatBody("hello there", kTokens,
               R"("model":")" + std::string(kModel) + R"(",)" +
                   std::string(kExactStreamWithUsage)));
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r->status, 200) << r->raw_body;
  EXPECT_THAT(r->headers["content-type"], HasSubstr("text/event-stream"));
  EXPECT_EQ(r->headers["transfer-encoding"], "chunked");
  ASSERT_EQ(r->events.size(), 1u + kTokens + 1 + 1) << r->raw_body;

  rapidjson::Document role = ParseJson(r->events[0].data);
  EXPECT_THAT(r->events[0].data,
              JsonShows({{"/object", "chat.completion.chunk"},
                         {"/model", std::string(kModel)},
                         {"/choices/0/delta",
                          R"({"role":"assistant","content":""})"}}));
  const std::string id = Show(role, "/id");
  EXPECT_THAT(id, ::testing::StartsWith("chatcmpl-"));
  for (int i = 1; i <= kTokens; ++i) {
    rapidjson::Document chunk = ParseJson(r->events[i].data);
    EXPECT_EQ(Show(chunk, "/id"), id);
    EXPECT_THAT(Show(chunk, "/choices/0/delta/content"),
                ::testing::MatchesRegex(" [A-Za-z]+"));
    EXPECT_EQ(Show(chunk, "/choices/0/finish_reason"),
              i == kTokens ? "length" : "null")
        << "chunk " << i;
  }
  EXPECT_THAT(
      r->events[kTokens + 1].data,
      JsonShows({{"/choices", "[]"},
                 {"/usage/prompt_tokens", "10"},
                 {"/usage/completion_tokens", std::to_string(kTokens)},
                 {"/usage/total_tokens", std::to_string(10 + kTokens)}}));
  EXPECT_EQ(r->events.back().data, "[DONE]");
}

TEST_F(SimServerTest, CompletionsStreamHasNoRoleChunk) {
  Result<SseResponse> r =
      client_.PostStream(Url("/v1/completions"),
                         R"({"prompt":"once upon a time","max_tokens":3,)" +
                             std::string(kExactStreamWithUsage) + "}");
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r->events.size(), 3u + 1 + 1) << r->raw_body;
  for (int i = 0; i < 3; ++i) {
    rapidjson::Document chunk = ParseJson(r->events[i].data);
    EXPECT_EQ(Show(chunk, "/object"), "text_completion");
    EXPECT_THAT(Show(chunk, "/choices/0/text"), ::testing::StartsWith(" "));
  }
  EXPECT_EQ(Show(ParseJson(r->events[3].data), "/usage/prompt_tokens"), "5");
  EXPECT_EQ(r->events[4].data, "[DONE]");
}

TEST_F(SimServerTest, StreamTimingHonoursTtftAndTpot) {
  constexpr int kTokens = 20;
  const int64_t prompt_tokens = 200 + 8;
  Result<SseResponse> r =
      client_.PostStream(Url("/v1/chat/completions"),
                         ChatBody(Words(200), kTokens, kExactStreamWithUsage));
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r->events.size(), 1u + kTokens + 2) << r->raw_body;
  EXPECT_EQ(
      Show(ParseJson(r->events[kTokens + 1].data), "/usage/prompt_tokens"),
      std::to_string(prompt_tokens));

  const double ttft = ExpectedTtftMs(prompt_tokens);
  // Event 1 is the first content chunk.
  EXPECT_THAT(MsBetween(r->sent, r->events[1].arrived),
              TookBetweenMs(ttft, kSlackMs))
      << "time to first token";
  for (int i = 1; i <= kTokens; ++i) {
    EXPECT_GE(MsBetween(r->sent, r->events[i].arrived),
              ttft + (i - 1) * kTpotMs)
        << "token " << i << " arrived before its deadline";
  }
  EXPECT_THAT(MsBetween(r->sent, r->events[kTokens].arrived),
              TookBetweenMs(ttft + (kTokens - 1) * kTpotMs, kSlackMs))
      << "whole stream";
}

TEST_F(SimServerTest, NonStreamingWaitsForTheWholeGeneration) {
  constexpr int kTokens = 5;
  TestClock::time_point sent = TestClock::now();
  Result<testing::HttpResponse> r = client_.Post(
      Url("/v1/chat/completions"), ChatBody("hi", kTokens, kExactTokens));
  TestClock::time_point done = TestClock::now();
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_THAT(r->body, JsonShows({{"/object", "chat.completion"},
                                  {"/choices/0/finish_reason", "length"},
                                  {"/usage/completion_tokens", "5"},
                                  {"/usage/prompt_tokens", "9"}}));
  EXPECT_THAT(
      MsBetween(sent, done),
      TookBetweenMs(ExpectedTtftMs(9) + (kTokens - 1) * kTpotMs, kSlackMs));
}

TEST_F(SimServerTest, OverLengthRequestIsVllms400) {
  // 7992 words + 8 template tokens = 8000 prompt tokens.
  EXPECT_THAT(
      client_.Post(Url("/v1/chat/completions"), ChatBody(Words(7992), 1000)),
      AnswersWith(
          400,
          {{"/object", "error"},
           {"/type", "BadRequestError"},
           {"/code", "400"},
           {"/param", "null"},
           {"/message",
            "This model's maximum context length is 8192 tokens. However, you "
            "requested 9000 tokens (8000 in the messages, 1000 in the "
            "completion). Please reduce the length of the messages or "
            "completion."}}));
}

TEST_F(SimServerTest, UnknownModelIs404) {
  EXPECT_THAT(
      client_.Post(
          Url("/v1/chat/completions"),
          R"({"model":"nope","messages":[{"role":"user","content":"x"}]})"),
      AnswersWith(404, {{"/message", "The model `nope` does not exist."},
                        {"/type", "NotFoundError"},
                        {"/code", "404"}}));
}

TEST_F(SimServerTest, MalformedBodiesAre400) {
  for (const char* body : {"{not json", "{}", R"({"messages":"hi"})"}) {
    EXPECT_THAT(client_.Post(Url("/v1/chat/completions"), body),
                AnswersWith(400, {{"/object", "error"},
                                  {"/type", "BadRequestError"},
                                  {"/code", "400"}}))
        << body;
  }
}

TEST_F(SimServerTest, UnknownPathIs404JsonAndWrongMethod405) {
  Result<testing::HttpResponse> r = client_.Get(Url("/v1/engines"));
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->headers["content-type"], "application/json");
  EXPECT_EQ(r->body, R"({"detail":"Not Found"})");
  Result<testing::HttpResponse> wrong = client_.Get(Url("/v1/completions"));
  ASSERT_TRUE(wrong.ok()) << wrong.error();
  EXPECT_EQ(wrong->status, 405);
}

TEST_F(SimServerTest, ConnectionsAreKeptAlive) {
  ASSERT_TRUE(client_.Get(Url("/health")).ok());
  ASSERT_TRUE(client_.Get(Url("/v1/models")).ok());
  EXPECT_EQ(client_.last_new_connections(), 0);
  ASSERT_TRUE(client_
                  .PostStream(Url("/v1/chat/completions"),
                              ChatBody("a", 2, kExactStreamWithUsage))
                  .ok());
  EXPECT_EQ(client_.last_new_connections(), 0);
  Result<testing::HttpResponse> after = client_.Get(Url("/health"));
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->status, 200);
  EXPECT_EQ(client_.last_new_connections(), 0);
}

TEST_F(SimServerTest, ExpectContinueIsAnswered) {
  // Without "100 Continue" curl would hold the body back (30 s in this
  // client), far beyond the bound below.
  TestClock::time_point sent = TestClock::now();
  Result<testing::HttpResponse> r =
      client_.Post(Url("/tokenize"), R"({"prompt":")" + Words(2000) + R"("})",
                   {"Expect: 100-continue"});
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(Show(ParseJson(r->body), "/count"), "2001");
  EXPECT_LT(MsBetween(sent, TestClock::now()), 10000);
}

TEST_F(SimServerTest, FiftyConcurrentStreamsAllCompleteCorrectly) {
  constexpr int kStreams = 50;
  std::vector<Result<SseResponse>> results(kStreams, Error{"not run"});
  std::vector<std::thread> threads;
  auto tokens_for = [](int i) { return 5 + i % 11; };
  for (int i = 0; i < kStreams; ++i) {
    threads.emplace_back([&, i] {
      TestHttpClient client;
      results[i] =
          client.PostStream(Url("/v1/chat/completions"),
                            ChatBody("stream number " + std::to_string(i),
                                     tokens_for(i), kExactStreamWithUsage));
    });
  }
  for (std::thread& t : threads) t.join();

  for (int i = 0; i < kStreams; ++i) {
    SCOPED_TRACE("stream " + std::to_string(i));
    ASSERT_TRUE(results[i].ok()) << results[i].error();
    const SseResponse& r = *results[i];
    const int n = tokens_for(i);
    ASSERT_EQ(r.events.size(), static_cast<size_t>(1 + n + 2)) << r.raw_body;
    int content_chunks = 0;
    for (int e = 1; e <= n; ++e) {
      content_chunks += Show(ParseJson(r.events[e].data),
                             "/choices/0/delta/content") != "<missing>";
    }
    EXPECT_EQ(content_chunks, n);
    EXPECT_EQ(Show(ParseJson(r.events[n + 1].data), "/usage/completion_tokens"),
              std::to_string(n));
    EXPECT_EQ(r.events.back().data, "[DONE]");
    // 3 words + 8 template tokens.
    EXPECT_GE(MsBetween(r.sent, r.events[n].arrived),
              ExpectedTtftMs(11) + (n - 1) * kTpotMs);
  }
}

TEST_F(SimServerTest, MetricsCountTokens) {
  const double generated_before =
      Metric(client_, "vllm:generation_tokens_total");
  const double prompt_before = Metric(client_, "vllm:prompt_tokens_total");
  ASSERT_GE(generated_before, 0);
  Result<testing::HttpResponse> r = client_.Post(
      Url("/v1/chat/completions"), ChatBody("count me", 4, kExactTokens));
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(Metric(client_, "vllm:generation_tokens_total"),
            generated_before + 4);
  EXPECT_EQ(Metric(client_, "vllm:prompt_tokens_total"), prompt_before + 10);
  EXPECT_EQ(Metric(client_, "vllm:num_requests_running"), 0);
  EXPECT_EQ(Metric(client_, "vllm:kv_cache_usage_perc"), 0);
  EXPECT_EQ(Metric(client_, "vllm:cache_config_info"), 1);
}

TEST_F(SimServerTest, LogHasStartupAndAccessLines) {
  ASSERT_TRUE(client_.Get(Url("/v1/models")).ok());
  std::string log = server_->Log();
  EXPECT_THAT(log, HasSubstr("GPU KV cache size: 1,131,008 tokens"));
  EXPECT_THAT(log, HasSubstr("Starting vLLM API server 0 on " +
                             server_->server().base_url() + "\n"));
  EXPECT_THAT(log, HasSubstr("INFO:     Application startup complete.\n"));
  EXPECT_THAT(log, HasSubstr("\"GET /v1/models HTTP/1.1\" 200 OK\n"));
}

// Servers with their own configuration.

TEST(SimServerStartupTest, AnswersServiceUnavailableDuringStartupDelay) {
  // The delay never elapses during the test.
  SimServer server({.ttft_base_ms = 1, .tpot_ms = 1, .startup_delay_s = 600});
  ASSERT_TRUE(server.Start().ok());
  EXPECT_FALSE(server.ready());
  TestHttpClient client;
  for (const char* path : {"/health", "/v1/models"}) {
    Result<testing::HttpResponse> r = client.Get(server.base_url() + path);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r->status, 503) << path;
    rapidjson::Document doc = ParseJson(r->body);
    EXPECT_EQ(Show(doc, "/object"), "error") << path;
    EXPECT_EQ(Show(doc, "/code"), "503") << path;
  }
  Result<testing::HttpResponse> chat =
      client.Post(server.base_url() + "/v1/chat/completions",
                  R"({"messages":[{"role":"user","content":"x"}]})");
  ASSERT_TRUE(chat.ok());
  EXPECT_EQ(chat->status, 503);
  Result<testing::HttpResponse> metrics =
      client.Get(server.base_url() + "/metrics");
  ASSERT_TRUE(metrics.ok());
  EXPECT_EQ(metrics->status, 200);
  server.Stop();
}

TEST(SimServerStartupTest, BecomesReadyAfterTheDelay) {
  SimServer server({.ttft_base_ms = 1, .tpot_ms = 1, .startup_delay_s = 0.3});
  ASSERT_TRUE(server.Start().ok());
  TestHttpClient client;
  long status = 0;
  const TestClock::time_point deadline =
      TestClock::now() + std::chrono::seconds(30);
  while (TestClock::now() < deadline) {
    Result<testing::HttpResponse> r = client.Get(server.base_url() + "/health");
    ASSERT_TRUE(r.ok()) << r.error();
    status = r->status;
    if (status == 200) break;
    EXPECT_EQ(status, 503);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(status, 200);
  EXPECT_TRUE(server.ready());
}

TEST(SimServerStartupTest, BindFailureIsAnErrorNamingTheAddress) {
  SimServer first({.ttft_base_ms = 1, .tpot_ms = 1});
  ASSERT_TRUE(first.Start().ok());
  SimServer second({.port = first.port(), .ttft_base_ms = 1, .tpot_ms = 1});
  Status s = second.Start();
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.error(),
              HasSubstr("127.0.0.1:" + std::to_string(first.port())));
}

TEST(SimServerStartupTest, InvalidConfigIsRejected) {
  SimServer server({.max_model_len = 0, .ttft_base_ms = 1, .tpot_ms = 1});
  Status s = server.Start();
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.error(), HasSubstr("max_model_len"));
}

TEST(SimServerStartupTest, StopEndsStreamsInFlight) {
  // The stream would take minutes.
  SimServer server({.ttft_base_ms = 1, .tpot_ms = 1000});
  ASSERT_TRUE(server.Start().ok());
  Result<SseResponse> result = Error{"not run"};
  std::thread streamer([&] {
    TestHttpClient client;
    result = client.PostStream(
        server.base_url() + "/v1/chat/completions",
        R"({"messages":[{"role":"user","content":"x"}],"max_tokens":500,"stream":true})");
  });
  // Wait until the stream is running, then stop under it.
  TestHttpClient probe;
  for (int i = 0; i < 1500; ++i) {
    Result<testing::HttpResponse> m = probe.Get(server.base_url() + "/metrics");
    if (m.ok() && m->body.find("vllm:num_requests_running{engine=\"0\",model_"
                               "name=\"servebench/sim-llama-8b\"} 1.0") !=
                      std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  server.Stop();
  streamer.join();
  // Either curl saw the connection drop, or the stream ended without [DONE].
  if (result.ok()) {
    EXPECT_THAT(result->raw_body, ::testing::Not(HasSubstr("[DONE]")));
  }
}

}  // namespace
}  // namespace servebench::sim
