// The engine personalities over real HTTP: each engine's routes, health and
// loading answers, error bodies, stream framing, context limits, and the
// server-side latency histograms' sums and counts against the simulator's
// configured (true) timing.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <regex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/sim/config.h"
#include "tools/sim/server.h"
#include "tools/sim/test_http_client.h"
#include "tools/sim/test_json.h"
#include "tools/sim/test_server.h"
#include "tools/sim/vllm_log.h"

namespace servebench::sim {
namespace {

using ::testing::HasSubstr;
using testing::kExactStream;
using testing::kExactStreamWithUsage;
using testing::kExactTokens;
using testing::ParseJson;
using testing::Show;
using ::testing::StartsWith;
using testing::TestHttpClient;

// "hello world" as one user message: 1 + 4 + 2 + 3 = 10 prompt tokens.
constexpr int64_t kPromptTokens = 10;
constexpr double kTtftBaseMs = 20;
constexpr double kPrefillUsPerToken = 500;
constexpr double kTpotMs = 4;

// "hello world" as one user message, exactly `max_tokens` tokens, with
// `members` (test_server.h) saying how they come.
std::string Chat(int max_tokens, std::string_view members) {
  return testing::ChatBody("hello world", max_tokens, members);
}

// A server with the timing above, its log captured.
class Server : public testing::TestServer {
 public:
  explicit Server(SimConfig config) : TestServer(Timed(std::move(config))) {}

  // Streams `count` chats of `tokens` tokens each, one after another.
  void StreamChats(int count, int tokens) {
    TestHttpClient client;
    for (int i = 0; i < count; ++i) {
      ASSERT_TRUE(client
                      .PostStream(Url("/v1/chat/completions"),
                                  Chat(tokens, testing::kExactStream))
                      .ok());
    }
  }

 private:
  static SimConfig Timed(SimConfig config) {
    config.ttft_base_ms = kTtftBaseMs;
    config.prefill_us_per_token = kPrefillUsPerToken;
    config.tpot_ms = kTpotMs;
    config.lateness_log_s = 0;
    return config;
  }
};

constexpr const char* kModel = "org/sim";

SimConfig Config(Engine engine) { return {.engine = engine, .model = kModel}; }

// The labels trtllm-serve sets on every series.
const std::string kTrtllmLabels =
    "{model_name=\"undefined\",engine_type=\"undefined\"}";

// The value of the sample line starting with `line_start` (series and
// labels), or -1.
double Sample(const std::string& body, const std::string& line_start) {
  return testing::SampleValue(body, line_start + " ");
}

// Expects the sample of each series (with `labels`) in `body` to be the
// value beside it: exactly for whole numbers, to 4 ULPs for the others.
void ExpectSamples(
    const std::string& body, const std::string& labels,
    const std::vector<std::pair<std::string, double>>& expected) {
  for (const auto& [series, value] : expected) {
    const double sample = Sample(body, series + labels);
    if (value == std::floor(value)) {
      EXPECT_EQ(sample, value) << series;
    } else {
      EXPECT_DOUBLE_EQ(sample, value) << series;
    }
  }
}

// --- llama.cpp ---------------------------------------------------------------

TEST(ServerEnginesTest, LlamaCppAnswers503EverywhereWhileLoading) {
  Server server(
      {.engine = Engine::kLlamaCpp, .model = kModel, .startup_delay_s = 30});
  TestHttpClient client;
  for (const char* path : {"/health", "/v1/models", "/props", "/metrics"}) {
    auto r = client.Get(server.Url(path));
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r->status, 503) << path;
    EXPECT_EQ(
        r->body,
        R"({"error":{"message":"Loading model","type":"unavailable_error","code":503}})")
        << path;
    EXPECT_EQ(r->headers["content-type"], "application/json; charset=utf-8");
  }
}

TEST(ServerEnginesTest, LlamaCppRoutesAndBodies) {
  Server server(Config(Engine::kLlamaCpp));
  TestHttpClient client;
  auto health = client.Get(server.Url("/health"));
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, R"({"status":"ok"})");
  auto missing = client.Get(server.Url("/nothing"));
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(
      missing->body,
      R"({"error":{"message":"File Not Found","type":"not_found_error","code":404}})");
  EXPECT_EQ(client.Post(server.Url("/health"), "{}")->status, 404);
  auto props = client.Get(server.Url("/props"));
  auto doc = ParseJson(props->body);
  EXPECT_EQ(Show(doc, "/default_generation_settings/n_ctx"), "8192");
  EXPECT_EQ(Show(doc, "/total_slots"), "4");
  auto slots = ParseJson(client.Get(server.Url("/slots"))->body);
  EXPECT_TRUE(slots.IsArray() && slots.Size() == 4);
  auto tokenize =
      client.Post(server.Url("/tokenize"),
                  R"({"messages":[{"role":"user","content":"x"}]})");
  EXPECT_EQ(tokenize->body, R"({"tokens":[]})");
  auto models = ParseJson(client.Get(server.Url("/v1/models"))->body);
  EXPECT_EQ(Show(models, "/data/0/meta/n_ctx"), "8192");
}

TEST(ServerEnginesTest, LlamaCppStreamsTimingsAndLogsThem) {
  Server server(Config(Engine::kLlamaCpp));
  TestHttpClient client;
  auto r = client.PostStream(server.Url("/v1/chat/completions"),
                             Chat(5, kExactStreamWithUsage));
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->headers["content-type"], "text/event-stream");
  // role, 5 tokens, finish, usage, [DONE]
  ASSERT_EQ(r->events.size(), 9u);
  EXPECT_THAT(r->events[0].data,
              HasSubstr(R"("delta":{"role":"assistant","content":null})"));
  auto usage = ParseJson(r->events[7].data);
  EXPECT_EQ(Show(usage, "/timings/prompt_n"), std::to_string(kPromptTokens));
  // The server's clock: prefill 20 + 10 * 0.5 ms, four 4 ms gaps.
  EXPECT_EQ(Show(usage, "/timings/prompt_ms"), "25.0");
  EXPECT_EQ(Show(usage, "/timings/predicted_ms"), "16.0");
  EXPECT_EQ(Show(usage, "/timings/predicted_n"), "5");
  EXPECT_EQ(r->events[8].data, "[DONE]");
  const std::string log = server.Log();
  EXPECT_THAT(log, HasSubstr("slot print_timing: id  0 | task 0 | prompt eval "
                             "time =      25.00 ms /    10 tokens"));
  auto metrics = client.Get(server.Url("/metrics"));
  EXPECT_THAT(metrics->body, HasSubstr("\nllamacpp:prompt_tokens_total 10\n"));
  EXPECT_THAT(metrics->body,
              HasSubstr("\nllamacpp:tokens_predicted_total 5\n"));
  // 5 tokens in 16 ms since the last scrape; the next scrape's window is
  // empty.
  EXPECT_THAT(metrics->body,
              HasSubstr("\nllamacpp:predicted_tokens_seconds 312.5\n"));
  EXPECT_THAT(client.Get(server.Url("/metrics"))->body,
              HasSubstr("\nllamacpp:predicted_tokens_seconds 0\n"));
}

TEST(ServerEnginesTest, LlamaCppContextLimits) {
  Server server(
      {.engine = Engine::kLlamaCpp, .model = kModel, .max_model_len = 12});
  TestHttpClient client;
  // The prompt alone (10 tokens) fits; generation stops when the context is
  // full: 2 tokens, "length".
  auto fits =
      client.Post(server.Url("/v1/chat/completions"), Chat(50, kExactTokens));
  ASSERT_TRUE(fits.ok());
  EXPECT_EQ(fits->status, 200);
  auto doc = ParseJson(fits->body);
  EXPECT_EQ(Show(doc, "/usage/completion_tokens"), "2");
  EXPECT_EQ(Show(doc, "/choices/0/finish_reason"), "length");
  // A prompt of the whole context is refused, streaming or not.
  const std::string long_chat =
      R"({"messages":[{"role":"user","content":"a b c d e"}],"stream":true})";
  auto refused = client.Post(server.Url("/v1/chat/completions"), long_chat);
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(
      refused->body,
      R"({"error":{"code":400,"message":"request (13 tokens) exceeds the available context size (12 tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":13,"n_ctx":12}})");
}

// --- SGLang ------------------------------------------------------------------

TEST(ServerEnginesTest, SglangHealthWhileStartingAndAfter) {
  Server server(
      {.engine = Engine::kSglang, .model = kModel, .startup_delay_s = 0.3});
  TestHttpClient client;
  auto starting = client.Get(server.Url("/health"));
  EXPECT_EQ(starting->status, 503);
  EXPECT_EQ(starting->body, "");
  server.WaitReady();
  auto up = client.Get(server.Url("/health"));
  EXPECT_EQ(up->status, 200);
  EXPECT_EQ(up->body, "");
  auto info = ParseJson(client.Get(server.Url("/get_model_info"))->body);
  EXPECT_EQ(Show(info, "/model_path"), "org/sim");
  auto server_info = ParseJson(client.Get(server.Url("/server_info"))->body);
  EXPECT_EQ(Show(server_info, "/context_length"), "8192");
  EXPECT_EQ(Show(server_info, "/max_total_num_tokens"), "1131008");
  auto models = ParseJson(client.Get(server.Url("/v1/models"))->body);
  EXPECT_EQ(Show(models, "/data/0/max_model_len"), "8192");
  EXPECT_EQ(Show(models, "/data/0/owned_by"), "sglang");
  EXPECT_THAT(server.Log(),
              HasSubstr("The server is fired up and ready to roll!"));
}

TEST(ServerEnginesTest, SglangOverLengthStreamIsAnErrorInside200) {
  Server server(
      {.engine = Engine::kSglang, .model = kModel, .max_model_len = 100});
  TestHttpClient client;
  auto stream = client.PostStream(server.Url("/v1/chat/completions"),
                                  Chat(95, kExactStream));
  ASSERT_TRUE(stream.ok()) << stream.error();
  EXPECT_EQ(stream->status, 200);
  ASSERT_EQ(stream->events.size(), 2u);
  EXPECT_THAT(
      stream->events[0].data,
      StartsWith(
          R"({"error": {"object": "error", "message": "Requested token count exceeds the model's maximum context length of 100 tokens. You requested a total of 105 tokens: 10 tokens from the input messages and 95 tokens for the completion.)"));
  EXPECT_EQ(stream->events[1].data, "[DONE]");
  auto plain =
      client.Post(server.Url("/v1/chat/completions"), Chat(95, kExactTokens));
  EXPECT_EQ(plain->status, 400);
  EXPECT_THAT(
      plain->body,
      StartsWith(R"({"object":"error","message":"Requested token count)"));
}

TEST(ServerEnginesTest, SglangHistogramSumsAreTheTrueTimes) {
  Server server(Config(Engine::kSglang));
  TestHttpClient client;
  ASSERT_NO_FATAL_FAILURE(server.StreamChats(3, 4));
  ASSERT_TRUE(client
                  .Post(server.Url("/v1/completions"),
                        R"({"prompt":"x","max_tokens":2,"ignore_eos":true})")
                  .ok());
  const std::string body = client.Get(server.Url("/metrics"))->body;
  const std::string labels = "{model_name=\"org/sim\"}";
  ExpectSamples(
      body, "{model_name=\"org/sim\"}",
      {// Chat: TTFT 25 ms; completion "x" (2 tokens with BOS): 21 ms.
       {"sglang:time_to_first_token_seconds_count", 4},
       {"sglang:time_to_first_token_seconds_sum", (3 * 25.0 + 21.0) / 1000},
       // Per token: 3 gaps of 4 ms per chat, 1 for the completion.
       {"sglang:inter_token_latency_seconds_count", 10},
       {"sglang:inter_token_latency_seconds_sum", 10 * 4.0 / 1000},
       {"sglang:e2e_request_latency_seconds_sum", (3 * 37.0 + 25.0) / 1000},
       {"sglang:prompt_tokens_total", 32}});
}

// --- TensorRT-LLM ------------------------------------------------------------

TEST(ServerEnginesTest, TrtllmRoutesAndRoleChunkFraming) {
  Server server(Config(Engine::kTrtllm));
  TestHttpClient client;
  EXPECT_EQ(client.Get(server.Url("/version"))->body,
            R"({"version":"1.1.0rc3"})");
  auto tokenize = client.Post(server.Url("/tokenize"), R"({"prompt":"x"})");
  EXPECT_EQ(tokenize->status, 404);
  EXPECT_EQ(tokenize->body, R"({"detail":"Not Found"})");
  auto r = client.PostStream(server.Url("/v1/chat/completions"),
                             Chat(2, kExactStreamWithUsage));
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(r->raw_body, HasSubstr(R"("delta":{"role":"assistant"}}]} )"
                                     "\n\n"));
  auto stats = ParseJson(client.Get(server.Url("/metrics"))->body);
  ASSERT_TRUE(stats.IsArray());
  EXPECT_EQ(Show(stats, "/0/numCompletedRequests"), "1");
  const std::string prom = client.Get(server.Url("/prometheus/metrics"))->body;
  ExpectSamples(prom, kTrtllmLabels,
                {{"trtllm_time_to_first_token_seconds_sum", 0.025},
                 {"trtllm_time_per_output_token_seconds_sum", 0.004},
                 {"trtllm_e2e_request_latency_seconds_sum", 0.029}});
}

// --- DCGM
// ---------------------------------------------------------------------

// Energy against the model's truth: with no idle power, three requests of
// known duration (TTFT 25 ms + 4 gaps of 4 ms = 41 ms each) draw exactly
// gpus * W * 0.123 s.
TEST(ServerEnginesTest, DcgmEnergyIsTheIntegralOfThePowerModel) {
  Server server({.model = kModel,
                 .dcgm = true,
                 .gpus = 2,
                 .gpu_idle_watts = 0,
                 .gpu_watts_per_request = 30});
  TestHttpClient client;
  auto energy = [&]() {
    const std::string body = client.Get(server.Url("/dcgm/metrics"))->body;
    std::smatch m;
    const std::regex sample(
        R"re(DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION\{gpu="1",[^}]*\} ([0-9]+)\n)re");
    EXPECT_TRUE(std::regex_search(body, m, sample)) << body;
    return m.empty() ? -1 : std::stoll(m[1]);
  };
  EXPECT_EQ(energy(), 0);
  ASSERT_NO_FATAL_FAILURE(server.StreamChats(3, 5));
  // Per GPU 30 W * 0.123 s = 3.69 J; 7.38 J over both GPUs for 15 tokens:
  // 0.492 J per output token.
  EXPECT_EQ(energy(), 3690);
  const std::string body = client.Get(server.Url("/dcgm/metrics"))->body;
  EXPECT_THAT(body, HasSubstr("DCGM_FI_DEV_POWER_USAGE{gpu=\"0\","));
  EXPECT_THAT(body, HasSubstr("} 0.000000\n"));  // idle again
}

TEST(ServerEnginesTest, DcgmIsOffByDefault) {
  Server server(Config(Engine::kVllm));
  TestHttpClient client;
  EXPECT_EQ(client.Get(server.Url("/dcgm/metrics"))->status, 404);
}

// --- Saturation
// ---------------------------------------------------------------

// Streams `body` from a thread of its own, `delay` after the start.
// Two streams of `body`, each on its own client, the second sent 20 ms
// after the first.
class TwoStreams {
 public:
  TwoStreams(const std::string& url, const std::string& body)
      : first_thread_(
            StreamLater(url, body, std::chrono::milliseconds(0), first)),
        second_thread_(
            StreamLater(url, body, std::chrono::milliseconds(20), second)) {}

  void Join() {
    first_thread_.join();
    second_thread_.join();
  }

  testing::SseResponse first, second;

 private:
  static std::thread StreamLater(const std::string& url, std::string body,
                                 std::chrono::milliseconds delay,
                                 testing::SseResponse& out) {
    return std::thread([url, body = std::move(body), delay, &out] {
      std::this_thread::sleep_for(delay);
      TestHttpClient client;
      Result<testing::SseResponse> r = client.PostStream(url, body);
      if (r.ok()) out = std::move(*r);
    });
  }

  std::thread first_thread_, second_thread_;
};

// With one slot, a request arriving while another runs waits for its last
// token: the wait is in its TTFT and in the queue-time histogram, while
// its own service (prefill, decode) is unchanged.
TEST(ServerEnginesTest, SaturationQueuesBeyondTheBatch) {
  Server server({.model = "m", .max_num_seqs = 1});
  // TTFT 25 ms + 19 gaps of 4 ms: each request runs 101 ms.
  const std::string body = Chat(20, kExactStream);
  TwoStreams streams(server.Url("/v1/chat/completions"), body);
  const std::string labels = "{engine=\"0\",model_name=\"m\"}";
  // Scraped once the second request waits (not after a fixed sleep, which a
  // busy machine can make too short or too long).
  TestHttpClient client;
  std::string during;
  for (int i = 0; i < 200; ++i) {
    during = client.Get(server.Url("/metrics"))->body;
    if (Sample(during, "vllm:num_requests_waiting" + labels) == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  streams.Join();
  ExpectSamples(
      during, labels,
      {{"vllm:num_requests_running", 1}, {"vllm:num_requests_waiting", 1}});
  for (const testing::SseResponse* s : {&streams.first, &streams.second}) {
    ASSERT_EQ(s->status, 200);
    ASSERT_FALSE(s->events.empty());
  }
  // The queued request's first token: after the other's 101 ms and its own
  // 25 ms, from the earlier send (causal, whichever thread ran first).
  const testing::TestClock::time_point first_sent =
      std::min(streams.first.sent, streams.second.sent);
  EXPECT_GE(std::max(testing::MsBetween(first_sent,
                                        streams.first.events[0].arrived),
                     testing::MsBetween(first_sent,
                                        streams.second.events[0].arrived)),
            101 + 25);

  const std::string after = client.Get(server.Url("/metrics"))->body;
  const double queue =
      Sample(after, "vllm:request_queue_time_seconds_sum" + labels);
  EXPECT_GT(queue, 0.005);  // exactly 0 unqueued; about 0.08 here
  EXPECT_LE(queue, 0.101);
  EXPECT_NEAR(Sample(after, "vllm:time_to_first_token_seconds_sum" + labels),
              0.05 + queue, 1e-9);
  ExpectSamples(after, labels,
                {{"vllm:request_prefill_time_seconds_sum", 0.05},
                 {"vllm:request_inference_time_seconds_sum", 0.202},
                 {"vllm:num_requests_waiting", 0}});
}

// Admitted beside a running request, a request decodes at
// tpot * (1 + alpha * (2 - 1)) for its whole life.
TEST(ServerEnginesTest, SaturationSlowsTheStepsOfALargerBatch) {
  Server server(
      {.engine = Engine::kSglang, .model = kModel, .batch_tpot_alpha = 0.5});
  const std::string body = Chat(20, kExactStream);
  TwoStreams streams(server.Url("/v1/chat/completions"), body);
  streams.Join();
  TestHttpClient client;
  const std::string prom = client.Get(server.Url("/metrics"))->body;
  // 19 gaps of 4 ms, then 19 of 6 ms.
  ExpectSamples(prom, "{model_name=\"org/sim\"}",
                {{"sglang:inter_token_latency_seconds_count", 38},
                 {"sglang:inter_token_latency_seconds_sum", 0.19},
                 {"sglang:queue_time_seconds_sum", 0}});
  // The batched request's last token: its 25 ms and 19 gaps of 6 ms after
  // its send (causal), against 101 ms unbatched.
  ASSERT_FALSE(streams.first.events.empty());
  ASSERT_FALSE(streams.second.events.empty());
  EXPECT_GE(std::max(testing::MsBetween(streams.first.sent,
                                        streams.first.events.back().arrived),
                     testing::MsBetween(streams.second.sent,
                                        streams.second.events.back().arrived)),
            25 + 19 * 6);
}

// KV admission: two requests of 10 + 20 tokens do not fit 50 tokens together.
TEST(ServerEnginesTest, SaturationKvAdmissionWaitsForRoom) {
  Server server({.engine = Engine::kTrtllm,
                 .model = kModel,
                 .max_model_len = 40,
                 .kv_cache_tokens = 50,
                 .kv_admission = true});
  const std::string body = Chat(20, kExactStream);
  TwoStreams streams(server.Url("/v1/chat/completions"), body);
  streams.Join();
  TestHttpClient client;
  const std::string prom = client.Get(server.Url("/prometheus/metrics"))->body;
  const double queue =
      Sample(prom, "trtllm_request_queue_time_seconds_sum" + kTrtllmLabels);
  EXPECT_GT(queue, 0.005);  // exactly 0 unqueued; about 0.08 here
  EXPECT_LE(queue, 0.101);
  EXPECT_DOUBLE_EQ(
      Sample(prom, "trtllm_request_inference_time_seconds_sum" + kTrtllmLabels),
      0.202);
}

// --- vLLM: its histograms, beside the existing series ------------------------

TEST(ServerEnginesTest, VllmHistogramSumsAndCountsAreExact) {
  Server server({.model = "m"});
  TestHttpClient client;
  ASSERT_NO_FATAL_FAILURE(server.StreamChats(2, 6));
  const std::string body = client.Get(server.Url("/metrics"))->body;
  ExpectSamples(body, "{engine=\"0\",model_name=\"m\"}",
                {{"vllm:time_to_first_token_seconds_count", 2},
                 {"vllm:time_to_first_token_seconds_sum", 0.05},
                 {"vllm:inter_token_latency_seconds_count", 10},
                 {"vllm:inter_token_latency_seconds_sum", 0.04},
                 {"vllm:time_per_output_token_seconds_count", 10},
                 {"vllm:e2e_request_latency_seconds_sum", 0.09},
                 {"vllm:request_queue_time_seconds_sum", 0},
                 {"vllm:request_prefill_time_seconds_sum", 0.05},
                 {"vllm:request_decode_time_seconds_sum", 0.04}});
  // Still the existing series, first.
  EXPECT_THAT(body, StartsWith("# HELP vllm:num_requests_running"));
}

}  // namespace
}  // namespace servebench::sim
