// The closed loop against the simulated server: throughput near the truth,
// exactly N requests in flight, a failure that stops nothing, the deadline,
// stalls and the client's self-check.
#include "bench/load/closed_loop.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <sstream>
#include <thread>

#include "bench/protocol/request_body.h"
#include "bench/transport/http_client.h"
#include "testing/simulator.h"

namespace servebench {
namespace {

using testing::AllOf;
using testing::HasSubstr;
using testing::SizeIs;

constexpr char kModel[] = "servebench/sim-llama-8b";

// A unique prompt of about `words` words for request `index`.
std::string Prompt(int index, int words) {
  std::string text = "Request " + std::to_string(index) + ":";
  for (int i = 0; i < words; ++i) text += " word";
  return text;
}

RequestBodyFn Bodies(int max_tokens) {
  return [max_tokens](int index) {
    return BuildStreamingRequest(Endpoint::kChatCompletions, kModel,
                                 Prompt(index, 20), max_tokens);
  };
}

// The largest vllm:num_requests_running the server reports while it runs.
class RunningRequestsProbe {
 public:
  explicit RunningRequestsProbe(const std::string& url)
      : thread_([this, url] {
          HttpClient client(ClientOptions{});
          while (!stop_) {
            auto metrics = client.Get(url + "/metrics", 5);
            if (metrics.ok()) Read(metrics->body);
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
          }
        }) {}
  ~RunningRequestsProbe() { Stop(); }
  int Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    return max_;
  }

 private:
  void Read(const std::string& body) {
    std::istringstream lines(body);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("vllm:num_requests_running{", 0) != 0) continue;
      const int running = std::atoi(line.substr(line.rfind(' ') + 1).c_str());
      max_ = std::max(max_.load(), running);
    }
  }
  std::atomic<bool> stop_{false};
  std::atomic<int> max_{0};
  std::thread thread_;
};

// Decode-bound: TTFT 20 ms whatever the prompt, then 10 ms per token.
struct ClosedLoopSim {
  static constexpr const char* kFlags =
      "--max-model-len 1024 --ttft-base-ms 20 --prefill-us-per-token 0 "
      "--tpot-ms 10 --early-stop-fraction 0";
};

class ClosedLoopTest : public test::SharedSimulator<ClosedLoopSim> {
 protected:
  static LoadOptions Options(int concurrency, int total) {
    LoadOptions options;
    options.base_url = sim().url();
    options.concurrency = concurrency;
    options.total_requests = total;
    options.stall_timeout_s = 30;
    // Not the 5 ms default: these tests run beside other builds (and under
    // ASan), which delay the loop by tens of ms; the default's own test is
    // AnArtificiallySlowClientTripsTheSelfCheck.
    options.self_check.max_lag_p99_ms = 50;
    return options;
  }
};

TEST_F(ClosedLoopTest, EightStreamsDeliverNearTheDecodeBoundThroughput) {
  RunningRequestsProbe probe(sim().url());
  auto result = RunClosedLoop(Options(8, 32), Bodies(64));
  const int server_max_running = probe.Stop();
  ASSERT_TRUE(result.ok()) << result.error();
  ASSERT_THAT(result->requests, SizeIs(32));
  for (const RequestRecord& r : result->requests) {
    ASSERT_TRUE(r.ok()) << "request " << r.index << ": " << r.error;
    EXPECT_EQ(r.figures->completion_tokens, 64);
    EXPECT_THAT(r.text_chunk_times, SizeIs(64));
  }
  // Exactly N in flight, seen from both ends.
  EXPECT_EQ(result->max_in_flight, 8);
  EXPECT_EQ(server_max_running, 8);

  // Truth: 8 streams x 100 tok/s while decoding; the 20 ms prefills between
  // requests lower it a little.
  const LoadFigures& f = result->figures;
  ASSERT_TRUE(f.window && f.output_tps) << "no steady-state window";
  EXPECT_GT(*f.output_tps, 0.5 * 800);
  EXPECT_LT(*f.output_tps, 1.05 * 800);
  EXPECT_GT(*f.per_user_tps, 0.8 * 100);
  EXPECT_LT(*f.per_user_tps, 1.15 * 100);  // 64 tokens in 630 ms: 101.6
  EXPECT_GE(f.ttft_ms->p50, 20);
  EXPECT_GE(f.tpot_ms->p50, 9.5);
  EXPECT_LT(f.tpot_ms->p50, 12);
  EXPECT_GT(*f.request_tps, 0);
  EXPECT_FALSE(result->client_overloaded) << result->overload_reason;
  EXPECT_GT(result->client.wakeups, 0);
}

TEST_F(ClosedLoopTest, StreamsSpreadOverThreadsStillHoldExactlyN) {
  LoadOptions options = Options(9, 36);
  options.threads = 3;
  RunningRequestsProbe probe(sim().url());
  auto result = RunClosedLoop(options, Bodies(32));
  const int server_max_running = probe.Stop();
  ASSERT_TRUE(result.ok()) << result.error();
  ASSERT_THAT(result->requests, SizeIs(36));
  std::vector<bool> seen(36, false);
  for (const RequestRecord& r : result->requests) {
    ASSERT_TRUE(r.ok()) << "request " << r.index << ": " << r.error;
    EXPECT_EQ(r.figures->completion_tokens, 32);
    seen[r.index] = true;
  }
  EXPECT_THAT(seen, testing::Each(true));  // every index once
  EXPECT_EQ(result->max_in_flight, 9);
  EXPECT_EQ(server_max_running, 9);
  // One self-check per thread; the run is judged by the worst.
  ASSERT_THAT(result->threads, SizeIs(3));
  for (const ClientSelfCheck& t : result->threads) EXPECT_GT(t.wakeups, 0);
  EXPECT_FALSE(result->client_overloaded) << result->overload_reason;
  int warmups = 0;
  for (const RequestRecord& r : result->requests) warmups += r.warmup;
  EXPECT_EQ(warmups, 0);
}

TEST_F(ClosedLoopTest, OneFailedRequestIsRecordedAndTheOthersCarryOn) {
  const RequestBodyFn bodies = [](int index) {
    // Request 5's prompt exceeds the 1024-token context: HTTP 400.
    return BuildStreamingRequest(Endpoint::kChatCompletions, kModel,
                                 Prompt(index, index == 5 ? 2000 : 20), 16);
  };
  auto result = RunClosedLoop(Options(4, 12), bodies);
  ASSERT_TRUE(result.ok()) << result.error();
  ASSERT_THAT(result->requests, SizeIs(12));
  for (const RequestRecord& r : result->requests) {
    if (r.index == 5) {
      EXPECT_FALSE(r.ok());
      EXPECT_THAT(r.error, AllOf(HasSubstr("HTTP 400 from " + sim().url()),
                                 HasSubstr("maximum context length")));
    } else {
      EXPECT_TRUE(r.ok()) << "request " << r.index << ": " << r.error;
    }
  }
  EXPECT_EQ(result->figures.failed, 1);
  EXPECT_EQ(result->figures.succeeded, 11);
}

TEST_F(ClosedLoopTest, WarmUpCompletionsAreExcluded) {
  LoadOptions options = Options(2, 6);
  options.warmup_requests = 2;
  auto result = RunClosedLoop(options, Bodies(8));
  ASSERT_TRUE(result.ok()) << result.error();
  int warmup = 0;
  for (const RequestRecord& r : result->requests) warmup += r.warmup;
  EXPECT_EQ(warmup, 2);
  EXPECT_EQ(result->figures.measured, 4);
}

TEST_F(ClosedLoopTest, NoRequestStartsAfterTheDeadline) {
  LoadOptions options = Options(2, 1000);
  options.max_duration_s = 0.3;  // each request takes about 170 ms
  auto result = RunClosedLoop(options, Bodies(16));
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_LT(result->requests.size(), 10u);
  for (const RequestRecord& r : result->requests)
    EXPECT_TRUE(r.ok()) << r.error;
}

TEST_F(ClosedLoopTest, AnArtificiallySlowClientTripsTheSelfCheck) {
  LoadOptions options = Options(4, 8);
  options.self_check = SelfCheckLimits{};  // the default limits
  options.artificial_stall_per_event_us = 8000;
  auto result = RunClosedLoop(options, Bodies(16));
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_TRUE(result->client_overloaded);
  EXPECT_THAT(result->overload_reason,
              AllOf(HasSubstr("the client fell behind"),
                    HasSubstr("lower the concurrency")));
  EXPECT_GT(result->client.lag_p99_ms, 5);
}

TEST(ClosedLoopNoServerTest, RefusedConnectionsAreFailuresNotAnAbort) {
  LoadOptions options;
  options.base_url = "http://127.0.0.1:9";
  options.connect_timeout_s = 1;
  options.concurrency = 2;
  options.total_requests = 3;
  auto result = RunClosedLoop(options, Bodies(4));
  ASSERT_TRUE(result.ok()) << result.error();
  ASSERT_THAT(result->requests, SizeIs(3));
  for (const RequestRecord& r : result->requests) {
    EXPECT_THAT(r.error, HasSubstr("is the server running"));
  }
  EXPECT_FALSE(result->figures.output_tps.has_value());
}

TEST(ClosedLoopStallTest, SilenceLongerThanTheStallTimeoutAbandonsTheRequest) {
  auto sim = test::StartSimulator("--ttft-base-ms 3000", "slow");
  ASSERT_TRUE(sim.ok()) << sim.error();
  LoadOptions options;
  options.base_url = sim->url();
  options.stall_timeout_s = 0.5;
  options.concurrency = 2;
  options.total_requests = 2;
  const Clock::time_point start = Clock::now();
  auto result = RunClosedLoop(options, Bodies(4));
  ASSERT_TRUE(result.ok()) << result.error();
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));
  for (const RequestRecord& r : result->requests) {
    EXPECT_THAT(r.error, HasSubstr("for 0.5 s (BENCH_STALL_TIMEOUT)"));
  }
}

TEST(ClosedLoopOptionsTest, InvalidOptionsAreErrors) {
  LoadOptions options;
  options.concurrency = 0;
  auto result = RunClosedLoop(options, Bodies(4));
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.error(), HasSubstr("concurrency must be at least 1"));
  options.concurrency = 1;
  options.total_requests = 2;
  options.warmup_requests = 2;
  EXPECT_THAT(RunClosedLoop(options, Bodies(4)).error(),
              HasSubstr("nothing is left to measure"));
}

}  // namespace
}  // namespace servebench
