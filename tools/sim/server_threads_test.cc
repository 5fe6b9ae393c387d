// The server with several serving threads (--threads): many concurrent
// streams on connections spread over the threads all complete with exact
// contents, and the shared state (metrics, prefix cache, fault numbering,
// lateness shards) adds up as with one thread.
#include <atomic>
#include <set>
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

namespace servebench::sim {
namespace {

using testing::ParseJson;
using testing::SampleValue;
using testing::Show;
using testing::SseResponse;
using testing::TestHttpClient;

std::string StreamBody(int client, int round, int tokens) {
  return testing::ChatBody("client " + std::to_string(client) + " round " +
                               std::to_string(round) + " says hello",
                           tokens, testing::kExactStreamWithContinuousUsage);
}

TEST(SimServerThreadsTest, ManyConcurrentStreamsOnTwoThreadsAreExact) {
  SimServer server({.threads = 2,
                    .ttft_base_ms = 5,
                    .prefill_us_per_token = 0,
                    .tpot_ms = 2,
                    .prefix_cache = true});
  ASSERT_TRUE(server.Start().ok());
  const std::string url = server.base_url() + "/v1/chat/completions";

  constexpr int kClients = 48;
  constexpr int kRounds = 3;  // sequential streams per kept-alive connection
  auto tokens_for = [](int client, int round) {
    return 3 + (client * 7 + round) % 29;
  };
  std::vector<std::vector<Result<SseResponse>>> results(
      kClients, std::vector<Result<SseResponse>>(kRounds, Error{"not run"}));
  std::vector<std::thread> threads;
  for (int c = 0; c < kClients; ++c) {
    threads.emplace_back([&, c] {
      TestHttpClient client;
      for (int r = 0; r < kRounds; ++r) {
        results[c][r] =
            client.PostStream(url, StreamBody(c, r, tokens_for(c, r)));
      }
    });
  }
  for (std::thread& t : threads) t.join();

  int64_t tokens_total = 0;
  int64_t events_total = 0;
  std::set<std::string> ids;
  for (int c = 0; c < kClients; ++c) {
    for (int r = 0; r < kRounds; ++r) {
      SCOPED_TRACE("client " + std::to_string(c) + " round " +
                   std::to_string(r));
      ASSERT_TRUE(results[c][r].ok()) << results[c][r].error();
      const SseResponse& s = *results[c][r];
      const int n = tokens_for(c, r);
      ASSERT_EQ(s.events.size(), static_cast<size_t>(1 + n + 2)) << s.raw_body;
      for (int e = 1; e <= n; ++e) {
        rapidjson::Document chunk = ParseJson(s.events[e].data);
        EXPECT_EQ(Show(chunk, "/usage/completion_tokens"), std::to_string(e));
      }
      rapidjson::Document usage = ParseJson(s.events[n + 1].data);
      EXPECT_EQ(Show(usage, "/usage/completion_tokens"), std::to_string(n));
      EXPECT_EQ(s.events.back().data, "[DONE]");
      ids.insert(Show(usage, "/id"));
      tokens_total += n;
      events_total += 1 + n + 2;
    }
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(kClients * kRounds))
      << "every request has its own id";

  TestHttpClient probe;
  Result<testing::HttpResponse> metrics =
      probe.Get(server.base_url() + "/metrics");
  ASSERT_TRUE(metrics.ok()) << metrics.error();
  EXPECT_EQ(SampleValue(metrics->body, "vllm:generation_tokens_total{"),
            static_cast<double>(tokens_total));
  EXPECT_EQ(SampleValue(metrics->body, "vllm:num_requests_running{"), 0);
  EXPECT_EQ(SampleValue(metrics->body, "vllm:kv_cache_usage_perc{"), 0);
  EXPECT_EQ(
      SampleValue(metrics->body,
                  "vllm:request_success_total{engine=\"0\",model_name="
                  "\"servebench/sim-llama-8b\",finished_reason=\"length\"}"),
      kClients * kRounds);
  EXPECT_EQ(SampleValue(metrics->body, "sim:chunk_lateness_seconds_count"),
            static_cast<double>(events_total));
  EXPECT_EQ(
      SampleValue(metrics->body, "sim:first_token_lateness_seconds_count"),
      kClients * kRounds);
  EXPECT_GT(SampleValue(metrics->body, "vllm:prefix_cache_queries_total{"), 0);
}

TEST(SimServerThreadsTest, FaultNumberingIsSharedByEveryThread) {
  SimServer server({.threads = 3,
                    .ttft_base_ms = 1,
                    .tpot_ms = 1,
                    .fault = FaultKind::kHttp503,
                    .fault_every = 4});
  ASSERT_TRUE(server.Start().ok());
  const std::string url = server.base_url() + "/v1/chat/completions";
  std::atomic<int> unavailable{0};
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int c = 0; c < 8; ++c) {
    threads.emplace_back([&] {
      TestHttpClient client;
      for (int i = 0; i < 10; ++i) {
        Result<testing::HttpResponse> r = client.Post(
            url,
            R"({"messages":[{"role":"user","content":"x"}],"max_tokens":2})");
        if (!r.ok()) continue;
        if (r->status == 503) ++unavailable;
        if (r->status == 200) ++ok;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(unavailable.load(), 80 / 4);
  EXPECT_EQ(ok.load(), 80 - 80 / 4);
}

TEST(SimServerThreadsTest, StopEndsStreamsInFlightOnEveryThread) {
  // The streams never finish during the test.
  SimServer server({.threads = 2, .ttft_base_ms = 1, .tpot_ms = 1000});
  ASSERT_TRUE(server.Start().ok());
  std::vector<std::thread> threads;
  std::atomic<int> finished{0};
  for (int c = 0; c < 4; ++c) {
    threads.emplace_back([&] {
      TestHttpClient client;
      client.PostStreamRaw(
          server.base_url() + "/v1/chat/completions",
          R"({"messages":[{"role":"user","content":"x"}],"max_tokens":500,"stream":true})");
      ++finished;
    });
  }
  TestHttpClient probe;
  for (int i = 0; i < 1500; ++i) {
    Result<testing::HttpResponse> m = probe.Get(server.base_url() + "/metrics");
    if (m.ok() && SampleValue(m->body, "vllm:num_requests_running{") == 4)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  server.Stop();
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(finished.load(), 4);
}

}  // namespace
}  // namespace servebench::sim
