// The open loop against the simulated server: the offered rate as
// scheduled, latency measured from the schedule (a wait for a free stream
// counts), conversations whose turns wait for each other, and warm-up by
// schedule time.
#include "bench/load/open_loop.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bench/load/arrival_schedule.h"
#include "bench/protocol/request_body.h"
#include "testing/simulator.h"

namespace servebench {
namespace {

constexpr char kModel[] = "servebench/sim-llama-8b";

RequestBodyFn Bodies(int max_tokens) {
  return [max_tokens](int index) {
    return BuildStreamingRequest(
        Endpoint::kChatCompletions, kModel,
        "Request " + std::to_string(index) + ": a short prompt", max_tokens);
  };
}

// TTFT 20 ms whatever the prompt, then 10 ms per token.
struct OpenLoopSim {
  static constexpr const char* kFlags =
      "--max-model-len 1024 --ttft-base-ms 20 --prefill-us-per-token 0 "
      "--tpot-ms 10 --early-stop-fraction 0";
};

class OpenLoopTest : public test::SharedSimulator<OpenLoopSim> {
 protected:
  static LoadOptions Options(int max_concurrency) {
    LoadOptions options;
    options.base_url = sim().url();
    options.concurrency = max_concurrency;
    options.stall_timeout_s = 30;
    // Not the 5 ms default: these tests run beside other builds (and under
    // ASan), which delay a send by tens of ms; the self-check's own tests
    // are in self_check_test.cc and closed_loop_test.cc.
    options.self_check.max_lag_p99_ms = 50;
    return options;
  }
};

TEST_F(OpenLoopTest, ARateLevelSendsAtItsScheduledRate) {
  auto offsets = ArrivalOffsets({40, Arrivals::kPoisson, 1, 7}, 80);
  ASSERT_TRUE(offsets.ok());
  auto result =
      RunOpenLoop(Options(DefaultOpenLoopStreams()), {*offsets, 0}, Bodies(4));
  ASSERT_TRUE(result.ok()) << result.error();
  ASSERT_THAT(result->requests, testing::SizeIs(80));
  for (const RequestRecord& r : result->requests) {
    ASSERT_TRUE(r.ok()) << r.index << ": " << r.error;
    ASSERT_TRUE(r.scheduled.has_value());
    EXPECT_GE(*r.sent, *r.scheduled);
  }
  const LoadFigures& f = result->figures;
  ASSERT_TRUE(f.scheduled_rps && f.sent_rps);
  EXPECT_NEAR(*f.scheduled_rps, 40, 1e-6);
  // What left the client: within 5% of the schedule here (the suite's
  // load_sim_test holds 2%, alone on the machine); an unpaced client or one
  // at twice the rate is far outside it.
  EXPECT_NEAR(*f.sent_rps, 40, 2);
  EXPECT_FALSE(result->client_overloaded) << result->overload_reason;
  EXPECT_GT(result->client.dispatch_lag_max_ms, 0);
  EXPECT_TRUE(result->open_loop);
}

TEST_F(OpenLoopTest, TheWaitForAFreeStreamCountsInTheLatency) {
  // One stream, a request every 50 ms, each taking 20 + 9 x 10 = 110 ms:
  // request i waits about i x 60 ms for the stream.
  auto offsets = ArrivalOffsets({20, Arrivals::kConstant, 1, 1}, 5);
  ASSERT_TRUE(offsets.ok());
  auto result = RunOpenLoop(Options(1), {*offsets, 0}, Bodies(10));
  ASSERT_TRUE(result.ok()) << result.error();
  ASSERT_THAT(result->requests, testing::SizeIs(5));
  EXPECT_EQ(result->max_in_flight, 1);
  for (const RequestRecord& r : result->requests) {
    ASSERT_TRUE(r.ok()) << r.error;
    const double wait_ms = 60.0 * r.index;
    // The lower bounds are causal (the stream is not free earlier); the
    // upper ones leave room for a busy machine's late stamps, which add up
    // over the requests before.
    const double waited = MillisBetween(*r.scheduled, *r.sent);
    EXPECT_GE(waited, wait_ms - 1) << r.index;
    EXPECT_LE(waited, wait_ms + 80) << r.index;
    EXPECT_GE(r.figures->ttft_ms, 20 + wait_ms - 1) << r.index;
    EXPECT_LE(r.figures->ttft_ms, 20 + wait_ms + 80) << r.index;
    EXPECT_GE(r.figures->total_time_ms, 110 + wait_ms - 1) << r.index;
    EXPECT_LE(r.figures->total_time_ms, 110 + wait_ms + 80) << r.index;
    // Not delayed by the wait (which would make request 1's 16.7 ms).
    EXPECT_NEAR(*r.figures->tpot_ms, 10, 4) << r.index;
    // Waiting for the stream (60 ms and more) is not the client's lateness.
    EXPECT_LT(*r.dispatch_lag_ms, 50) << r.index;
  }
  ASSERT_TRUE(result->figures.send_lag_ms.has_value());
  EXPECT_GE(result->figures.send_lag_ms->p50, 120 - 1);
  EXPECT_LE(result->figures.send_lag_ms->p50, 120 + 80);
}

TEST_F(OpenLoopTest, AConversationsTurnsFollowOneAnother) {
  auto offsets = ArrivalOffsets({50, Arrivals::kConstant, 1, 1}, 2);
  ASSERT_TRUE(offsets.ok());
  LoadOptions options = Options(8);
  options.turns = 3;
  auto result = RunOpenLoop(options, {*offsets, 0}, Bodies(3));
  ASSERT_TRUE(result.ok()) << result.error();
  ASSERT_THAT(result->requests, testing::SizeIs(6));
  for (const RequestRecord& r : result->requests) {
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.turn, r.index % 3);
    if (r.turn == 0) continue;
    const RequestRecord& previous = result->requests[r.index - 1];
    EXPECT_EQ(previous.index, r.index - 1);
    // Due when the previous turn ended, and measured from then.
    EXPECT_EQ(*r.scheduled, previous.finished);
    EXPECT_GE(*r.sent, previous.finished);
  }
  EXPECT_EQ(result->max_in_flight, 2);
}

TEST_F(OpenLoopTest, ArrivalsBeforeTheWarmUpEndsAreNotMeasured) {
  auto offsets = ArrivalOffsets({20, Arrivals::kConstant, 1, 1}, 10);
  ASSERT_TRUE(offsets.ok());
  auto result = RunOpenLoop(Options(DefaultOpenLoopStreams()), {*offsets, 0.2},
                            Bodies(2));
  ASSERT_TRUE(result.ok()) << result.error();
  int warmup = 0;
  for (const RequestRecord& r : result->requests) warmup += r.warmup;
  EXPECT_EQ(warmup, 4);  // due at 0, 50, 100 and 150 ms
  EXPECT_EQ(result->figures.measured, 6);
  ASSERT_TRUE(result->figures.window.has_value());
  EXPECT_NEAR(result->figures.window->seconds(), 0.25, 1e-6);
}

TEST(OpenLoopOptionsTest, AnEmptyScheduleIsAnError) {
  LoadOptions options;
  EXPECT_THAT(RunOpenLoop(options, {{}, 0}, Bodies(1)).error(),
              testing::HasSubstr("at least 1 scheduled request"));
}

}  // namespace
}  // namespace servebench
