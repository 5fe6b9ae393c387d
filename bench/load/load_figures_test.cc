// The steady-state window and aggregate figures on hand-built timelines.
#include "bench/load/load_figures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bench/load/clock_at.h"

namespace servebench {
namespace {

using test::At;

// A successful request: sent at `sent_ms`, text chunks every 20 ms from
// `first_chunk_ms` (five of them, two tokens each), finished at the last.
RequestRecord Request(int index, double sent_ms, double first_chunk_ms) {
  RequestRecord r;
  r.index = index;
  r.started = At(sent_ms - 1);
  r.sent = At(sent_ms);
  for (int i = 0; i < 5; ++i) {
    r.text_chunk_times.push_back(At(first_chunk_ms + 20 * i));
  }
  r.finished = r.text_chunk_times.back();
  RequestFigures f;
  f.completion_tokens = 10;
  f.ttft_ms = first_chunk_ms - sent_ms;
  f.tpot_ms = 80.0 / 9;
  f.decode_tps = 10 / 0.080;
  r.figures = f;
  return r;
}

// Two streams, four requests: 0 and 1 ramp up, 2 replaces 0 at 100 ms and 3
// replaces 1 at 110 ms; the first finish after the last send is 2's at 200.
std::vector<RequestRecord> TwoStreams() {
  return {Request(0, 1, 20), Request(1, 3, 30), Request(2, 101, 120),
          Request(3, 111, 130)};
}

TEST(FindSteadyWindowTest, FromRampUpToTheFirstFinishAfterTheLastSend) {
  auto window = FindSteadyWindow(TwoStreams(), 2);
  ASSERT_TRUE(window.has_value());
  EXPECT_EQ(window->start, At(3));
  EXPECT_EQ(window->end, At(200));
  EXPECT_DOUBLE_EQ(window->seconds(), 0.197);
}

TEST(FindSteadyWindowTest, OpensAfterTheWarmUpCompletions) {
  std::vector<RequestRecord> requests = TwoStreams();
  requests[0].warmup = true;  // finished at 100
  auto window = FindSteadyWindow(requests, 2);
  ASSERT_TRUE(window.has_value());
  EXPECT_EQ(window->start, At(100));
  EXPECT_EQ(window->end, At(200));
}

TEST(FindSteadyWindowTest, NoWindowWhenTheWarmUpOutlastsTheLastSend) {
  std::vector<RequestRecord> requests = {Request(0, 1, 20), Request(1, 3, 30)};
  requests[0].warmup = true;  // window would open at 100 and close at 100
  EXPECT_EQ(FindSteadyWindow(requests, 2), std::nullopt);
}

TEST(FindSteadyWindowTest, AnUnsentRequestCountsFromItsStart) {
  std::vector<RequestRecord> requests = TwoStreams();
  requests[1].sent.reset();  // refused: started at 2 ms
  EXPECT_EQ(FindSteadyWindow(requests, 2)->start, At(2));
}

TEST(ComputeLoadFiguresTest, CountsTokensWhoseChunksArrivedInsideTheWindow) {
  const LoadFigures f = ComputeLoadFigures(TwoStreams(), 2);
  // All chunks of 0, 1 and 2 are inside [3, 200]; 3's last (210) is not.
  EXPECT_DOUBLE_EQ(f.window_output_tokens, 10 + 10 + 10 + 8);
  ASSERT_TRUE(f.output_tps && f.request_tps);
  EXPECT_DOUBLE_EQ(*f.output_tps, 38 / 0.197);
  EXPECT_DOUBLE_EQ(*f.request_tps, 3 / 0.197);  // 0, 1 and 2 finished inside
  EXPECT_EQ(f.measured, 4);
  EXPECT_EQ(f.succeeded, 4);
  EXPECT_DOUBLE_EQ(*f.per_user_tps, 125);
  EXPECT_DOUBLE_EQ(f.itl_ms->p99, 20);
  EXPECT_DOUBLE_EQ(f.ttft_ms->p50, 19);  // 19, 19, 19, 27
  EXPECT_DOUBLE_EQ(f.ttft_ms->p90, 19 + 0.7 * 8);
}

TEST(ComputeLoadFiguresTest, SpreadsCompletionTokensOverMultiTokenChunks) {
  std::vector<RequestRecord> requests = TwoStreams();
  for (auto& r : requests) r.figures->completion_tokens = 15;  // 3 per chunk
  EXPECT_DOUBLE_EQ(ComputeLoadFigures(requests, 2).window_output_tokens,
                   (5 + 5 + 5 + 4) * 3);
}

TEST(ComputeLoadFiguresTest, WarmUpAndFailedRequestsAreNotMeasured) {
  std::vector<RequestRecord> requests = TwoStreams();
  requests[0].warmup = true;
  requests[3].figures.reset();
  requests[3].error = "HTTP 400 from http://x: too long";
  const LoadFigures f = ComputeLoadFigures(requests, 2);
  EXPECT_EQ(f.measured, 3);
  EXPECT_EQ(f.succeeded, 2);
  EXPECT_EQ(f.failed, 1);
  // Window [100, 200]: 1's chunk at 110, all five of 2's.
  EXPECT_DOUBLE_EQ(f.window_output_tokens, 2 + 10);
  EXPECT_DOUBLE_EQ(*f.request_tps, 2 / 0.1);
}

TEST(ComputeLoadFiguresTest, NoRequestsNoFigures) {
  const LoadFigures f = ComputeLoadFigures({}, 4);
  EXPECT_FALSE(f.window.has_value());
  EXPECT_FALSE(f.output_tps.has_value());
  EXPECT_FALSE(f.ttft_ms.has_value());
}

// An open loop: request i scheduled at 100 i ms, sent 2 ms later.
std::vector<RequestRecord> Scheduled(int n) {
  std::vector<RequestRecord> requests;
  for (int i = 0; i < n; ++i) {
    RequestRecord r = Request(i, 100 * i + 2, 100 * i + 20);
    r.scheduled = At(100 * i);
    requests.push_back(r);
  }
  return requests;
}

TEST(FindScheduleWindowTest, FromTheFirstMeasuredArrivalToTheLastArrival) {
  std::vector<RequestRecord> requests = Scheduled(4);
  requests[0].warmup = true;
  auto window = FindScheduleWindow(requests);
  ASSERT_TRUE(window.has_value());
  EXPECT_EQ(window->start, At(100));
  EXPECT_EQ(window->end, At(300));
  // Later turns of a conversation are not arrivals.
  requests[3].turn = 1;
  EXPECT_EQ(FindScheduleWindow(requests)->end, At(200));
}

TEST(ComputeOpenLoopFiguresTest, WarmUpWorkInsideTheWindowCounts) {
  std::vector<RequestRecord> requests = Scheduled(4);
  requests[0].warmup = true;  // chunks at 20..100, finished at 100
  const LoadFigures f = ComputeOpenLoopFigures(requests);
  // Window [100, 300]: 0's chunk at 100, all of 1 (120..200) and 2
  // (220..300), none of 3.
  EXPECT_DOUBLE_EQ(f.window_output_tokens, 2 + 10 + 10);
  EXPECT_DOUBLE_EQ(*f.request_tps, 2 / 0.2);  // 1 and 2 finished inside
  EXPECT_EQ(f.measured, 3);
  EXPECT_DOUBLE_EQ(*f.scheduled_rps, 3 / 0.3);
  EXPECT_DOUBLE_EQ(*f.sent_rps, 3 / 0.3);
  ASSERT_TRUE(f.send_lag_ms.has_value());
  EXPECT_DOUBLE_EQ(f.send_lag_ms->p99, 2);
}

TEST(ComputeOpenLoopFiguresTest, TheSentRateShowsALateClient) {
  std::vector<RequestRecord> requests = Scheduled(3);
  requests[2].sent = At(250);  // due at 200, left 50 ms late
  const LoadFigures f = ComputeOpenLoopFigures(requests);
  EXPECT_DOUBLE_EQ(*f.scheduled_rps, 2 / 0.2);
  EXPECT_DOUBLE_EQ(*f.sent_rps, 2 / 0.248);
  EXPECT_DOUBLE_EQ(f.send_lag_ms->p50, 2);
}

}  // namespace
}  // namespace servebench
