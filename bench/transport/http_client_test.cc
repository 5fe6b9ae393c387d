// The libcurl client against the simulated server: a full stream, the
// server's own 400 message, a refused connection and a stall.
#include "bench/transport/http_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>

#include "bench/base/safe_text.h"
#include "bench/protocol/endpoint.h"
#include "bench/protocol/request_body.h"
#include "testing/simulator.h"

namespace servebench {
namespace {

using testing::HasSubstr;

std::string Words(int n) {
  std::string text;
  for (int i = 0; i < n; ++i) text += " word";
  return text;
}

// Streams `prompt` to `base_url` (a simulator) on `endpoint`, asking for
// `max_tokens`: every test's request, so each states only what differs.
Result<StreamOutcome> StreamPrompt(HttpClient& client,
                                   const std::string& base_url,
                                   Endpoint endpoint, const std::string& prompt,
                                   int max_tokens) {
  const std::string body = BuildStreamingRequest(
      endpoint, "servebench/sim-llama-8b", prompt, max_tokens);
  return client.Stream(base_url + EndpointPath(endpoint), body, endpoint);
}

// TTFT 60 ms + 10 us per prompt token, then 5 ms per token; max length 512.
struct HttpClientSim {
  static constexpr const char* kFlags =
      "--max-model-len 512 --ttft-base-ms 60 --prefill-us-per-token 10 "
      "--tpot-ms 5 --early-stop-fraction 0";
};
using HttpClientTest = test::SharedSimulator<HttpClientSim>;

TEST_F(HttpClientTest, StreamsAChatCompletionWithOrderedTimestamps) {
  HttpClient client(ClientOptions{});
  auto outcome = StreamPrompt(client, sim().url(), Endpoint::kChatCompletions,
                              Words(100), 32);
  ASSERT_TRUE(outcome.ok()) << outcome.error();
  const StreamTrace& trace = outcome->trace;
  ASSERT_TRUE(trace.first_token && trace.last_choice);
  EXPECT_EQ(trace.completion_tokens, 32);
  EXPECT_GT(*trace.prompt_tokens, 100);  // the chat template adds tokens
  EXPECT_TRUE(trace.done);
  EXPECT_EQ(trace.finish_reason, "length");
  // The simulator cannot answer before its configured TTFT and decode time.
  EXPECT_GE(*trace.first_token - outcome->sent, std::chrono::milliseconds(60));
  // The last token cannot come before TTFT plus 31 token intervals. (The
  // decode span alone can look shorter when the first token was late.)
  EXPECT_GE(*trace.last_choice - outcome->sent,
            std::chrono::milliseconds(60 + 31 * 5));
}

TEST_F(HttpClientTest, CompletionsEndpointWorksToo) {
  HttpClient client(ClientOptions{});
  auto outcome =
      StreamPrompt(client, sim().url(), Endpoint::kCompletions, Words(20), 8);
  ASSERT_TRUE(outcome.ok()) << outcome.error();
  EXPECT_EQ(outcome->trace.completion_tokens, 8);
}

TEST_F(HttpClientTest, Non200QuotesStatusAndServerMessage) {
  HttpClient client(ClientOptions{});
  auto outcome = StreamPrompt(client, sim().url(), Endpoint::kChatCompletions,
                              Words(500), 100);
  ASSERT_FALSE(outcome.ok());
  EXPECT_THAT(outcome.error(), HasSubstr("HTTP 400 from " + sim().url()));
  EXPECT_THAT(outcome.error(),
              HasSubstr("maximum context length is 512 tokens"));
}

TEST_F(HttpClientTest, GetReturnsAnyStatus) {
  HttpClient client(ClientOptions{});
  auto models = client.Get(sim().url() + "/v1/models", 5);
  ASSERT_TRUE(models.ok()) << models.error();
  EXPECT_EQ(models->status, 200);
  EXPECT_THAT(models->body, HasSubstr("\"max_model_len\":512"));
  auto missing = client.Get(sim().url() + "/no/such/path", 5);
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->status, 404);
}

TEST(HttpClientNoServerTest, RefusedConnectionSaysWhatToCheck) {
  HttpClient client(ClientOptions{1, 1, ""});
  auto outcome = client.Stream("http://127.0.0.1:9/v1/chat/completions", "{}",
                               Endpoint::kChatCompletions);
  ASSERT_FALSE(outcome.ok());
  EXPECT_THAT(outcome.error(),
              HasSubstr("request to http://127.0.0.1:9/v1/chat/completions"));
  EXPECT_THAT(outcome.error(), HasSubstr("is the server running"));
}

TEST(HttpClientStallTest, SilenceLongerThanTheStallTimeoutAbandonsTheRequest) {
  // Prefill takes 3 s, during which the server sends nothing.
  auto sim = test::StartSimulator("--ttft-base-ms 3000", "slow");
  ASSERT_TRUE(sim.ok()) << sim.error();
  HttpClient client(ClientOptions{5, 0.5, ""});
  auto outcome =
      StreamPrompt(client, sim->url(), Endpoint::kChatCompletions, "hi", 4);
  ASSERT_FALSE(outcome.ok());
  EXPECT_THAT(outcome.error(), HasSubstr("for 0.5 s (BENCH_STALL_TIMEOUT)"));
}

TEST(QuoteBodyTest, CutsAndEscapes) {
  EXPECT_EQ(QuoteBody("ok\n\x01\xff"), "ok \\x01\\xff");
  EXPECT_EQ(QuoteBody(std::string(10, 'a'), 4), "aaaa... (10 bytes)");
}

}  // namespace
}  // namespace servebench
