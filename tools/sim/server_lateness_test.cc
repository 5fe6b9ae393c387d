// The simulator's account of its own lateness over HTTP: GET /sim/lateness,
// POST /sim/lateness/reset, the /metrics histograms and the log's summary
// lines. Content only: how late a write was depends on the machine.
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
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
using testing::ParseJson;
using testing::Show;
using testing::TestHttpClient;

SimConfig Quick() {
  return {.ttft_base_ms = 2, .prefill_us_per_token = 0, .tpot_ms = 1};
}

// A server of Quick() timing and a client, and streams of "hi" to it.
class SimServerLatenessTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.started().ok()); }

  // Streams a chat of `tokens` tokens, a usage chunk and [DONE].
  void Stream(int tokens) {
    ASSERT_TRUE(
        client_
            .PostStream(
                server_.Url("/v1/chat/completions"),
                testing::ChatBody("hi", tokens, testing::kExactStreamWithUsage))
            .ok());
  }

  testing::TestServer server_{Quick()};
  TestHttpClient client_;
};

// Figures must be ordered: 0 <= p50 <= p99 <= p99.9 <= max.
void ExpectOrdered(const rapidjson::Document& doc, const std::string& kind) {
  double previous = 0;
  for (const char* key : {"p50_ms", "p99_ms", "p999_ms", "max_ms"}) {
    const std::string pointer = "/" + kind + "/" + key;
    const rapidjson::Value* v = testing::At(doc, pointer.c_str());
    ASSERT_NE(v, nullptr) << pointer;
    ASSERT_TRUE(v->IsNumber()) << pointer;
    EXPECT_GE(v->GetDouble(), previous) << pointer;
    previous = v->GetDouble();
  }
}

TEST_F(SimServerLatenessTest, CountsEveryStreamEventAndEachFirstToken) {
  Stream(5);
  Stream(7);
  // Not counted: a non-streaming response and the other endpoints.
  ASSERT_TRUE(client_
                  .Post(server_.Url("/v1/chat/completions"),
                        R"({"messages":[{"role":"user","content":"x"}]})")
                  .ok());
  Result<testing::HttpResponse> r = client_.Get(server_.Url("/sim/lateness"));
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->headers["content-type"], "application/json");
  rapidjson::Document doc = ParseJson(r->body);
  ASSERT_FALSE(doc.HasParseError()) << r->body;
  EXPECT_EQ(Show(doc, "/window"), "start");
  // Role + tokens + usage + [DONE] for each stream.
  EXPECT_EQ(Show(doc, "/chunks/count"),
            std::to_string((1 + 5 + 2) + (1 + 7 + 2)));
  EXPECT_EQ(Show(doc, "/first_tokens/count"), "2");
  ExpectOrdered(doc, "chunks");
  ExpectOrdered(doc, "first_tokens");
}

TEST_F(SimServerLatenessTest, ResetAnswersThePastWindowAndEmptiesIt) {
  Stream(3);
  Result<testing::HttpResponse> reset =
      client_.Post(server_.Url("/sim/lateness/reset"), "");
  ASSERT_TRUE(reset.ok()) << reset.error();
  EXPECT_EQ(reset->status, 200);
  EXPECT_EQ(Show(ParseJson(reset->body), "/chunks/count"), "6");
  Result<testing::HttpResponse> after =
      client_.Get(server_.Url("/sim/lateness"));
  ASSERT_TRUE(after.ok()) << after.error();
  EXPECT_THAT(after->body, testing::JsonShows({{"/window", "reset"},
                                               {"/chunks/count", "0"},
                                               {"/chunks/max_ms", "0.0"},
                                               {"/first_tokens/count", "0"}}));
  Result<testing::HttpResponse> wrong =
      client_.Get(server_.Url("/sim/lateness/reset"));
  ASSERT_TRUE(wrong.ok());
  EXPECT_EQ(wrong->status, 405);
}

TEST_F(SimServerLatenessTest, MetricsHaveCumulativeHistograms) {
  Stream(4);
  ASSERT_TRUE(client_.Post(server_.Url("/sim/lateness/reset"), "").ok());
  Result<testing::HttpResponse> r = client_.Get(server_.Url("/metrics"));
  ASSERT_TRUE(r.ok()) << r.error();
  const std::string& body = r->body;
  for (const std::string& expected : std::vector<std::string>{
           "# TYPE sim:chunk_lateness_seconds histogram\n",
           "# TYPE sim:first_token_lateness_seconds histogram\n",
           // Since start, whatever the resets: 1 + 4 + 2 events, one first
           // token.
           "\nsim:chunk_lateness_seconds_count 7.0\n",
           "\nsim:chunk_lateness_seconds_bucket{le=\"+Inf\"} 7.0\n",
           "\nsim:first_token_lateness_seconds_count 1.0\n",
       }) {
    EXPECT_THAT(body, HasSubstr(expected));
  }
  // Buckets never decrease.
  double previous = 0;
  int buckets = 0;
  const std::string prefix = "\nsim:chunk_lateness_seconds_bucket{le=\"";
  for (size_t at = body.find(prefix); at != std::string::npos;
       at = body.find(prefix, at + 1)) {
    const size_t end = body.find('\n', at + 1);
    const double value = std::stod(body.substr(body.rfind(' ', end) + 1, end));
    EXPECT_GE(value, previous);
    previous = value;
    ++buckets;
  }
  EXPECT_EQ(buckets, 15);
  // The vLLM series come first and are unchanged.
  EXPECT_LT(body.find("vllm:num_requests_running"),
            body.find("sim:chunk_lateness_seconds"));
}

TEST(SimServerLatenessLogTest, LogSummarisesPeriodicallyAndAtShutdown) {
  SimConfig config = Quick();
  config.lateness_log_s = 0.05;
  testing::TestServer server(config);
  ASSERT_TRUE(server.started().ok());
  TestHttpClient client;
  ASSERT_TRUE(client
                  .PostStream(server.Url("/v1/chat/completions"),
                              testing::ChatBody("hi", 3,
                                                testing::kExactStreamWithUsage))
                  .ok());
  std::string text;
  for (int i = 0; i < 500; ++i) {
    text = server.Log();
    if (text.find("since the last report") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // The 50 ms report timer may split the stream's six writes over two
  // reports; the shutdown line below counts all of them.
  EXPECT_THAT(text, ::testing::ContainsRegex(
                        "\\[sim_server\\] Simulator lateness since the last "
                        "report \\([0-9.]+ s\\): chunks [1-6], mean [0-9.]+ "
                        "ms, p50 [0-9.]+ ms, p99 [0-9.]+ ms, p99.9 [0-9.]+ ms, "
                        "max [0-9.]+ ms; first tokens [01], "));
  server.server().Stop();
  EXPECT_THAT(server.Log(),
              ::testing::ContainsRegex("Simulator lateness since start "
                                       "\\([0-9.]+ s\\): chunks 6, "));
}

}  // namespace
}  // namespace servebench::sim
