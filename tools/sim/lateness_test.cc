// Tests the lateness windows and their JSON, Prometheus and log renderings.
#include "tools/sim/lateness.h"

#include <chrono>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/sim/test_json.h"

namespace servebench::sim {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using ::testing::HasSubstr;
using testing::JsonShows;
using testing::ParseJson;
using testing::Show;

TEST(LatenessTest, FiguresMergeEveryShard) {
  LatenessRecorder recorder(2);
  recorder.Record(0, LatenessKind::kChunk, microseconds(100));
  recorder.Record(1, LatenessKind::kChunk, microseconds(300));
  recorder.Record(1, LatenessKind::kFirstToken, milliseconds(2));
  recorder.Record(7, LatenessKind::kChunk, microseconds(-50));  // clamped
  LatenessReport report = recorder.SinceReset(false);
  EXPECT_EQ(report.window, "start");
  EXPECT_EQ(report.chunks.count, 3);
  EXPECT_DOUBLE_EQ(report.chunks.mean_ms, 0.4 / 3);
  EXPECT_DOUBLE_EQ(report.chunks.max_ms, 0.3);
  EXPECT_GE(report.chunks.p50_ms, 0.1);
  EXPECT_LE(report.chunks.p50_ms, 0.1 * (1 + 1.0 / 128));
  EXPECT_EQ(report.first_tokens.count, 1);
  EXPECT_DOUBLE_EQ(report.first_tokens.max_ms, 2);
}

TEST(LatenessTest, ResetStartsANewWindowButNotTheOthers) {
  LatenessRecorder recorder(1);
  recorder.Record(0, LatenessKind::kChunk, microseconds(100));
  LatenessReport before = recorder.SinceReset(true);
  EXPECT_EQ(before.chunks.count, 1);
  LatenessReport after = recorder.SinceReset(false);
  EXPECT_EQ(after.window, "reset");
  EXPECT_EQ(after.chunks.count, 0);
  EXPECT_EQ(after.chunks.max_ms, 0);
  EXPECT_EQ(recorder.SinceStart().chunks.count, 1);
  ASSERT_TRUE(recorder.TakeInterval().has_value());
  EXPECT_FALSE(recorder.TakeInterval().has_value()) << "no traffic since";
}

TEST(LatenessTest, PrometheusHistogramIsCumulative) {
  LatenessRecorder recorder(2);
  recorder.Record(0, LatenessKind::kChunk, microseconds(30));
  recorder.Record(1, LatenessKind::kChunk, microseconds(300));
  recorder.Record(0, LatenessKind::kChunk, std::chrono::seconds(2));
  recorder.SinceReset(true);  // does not touch the since-start histogram
  const std::string text = recorder.PrometheusText();
  EXPECT_THAT(text,
              HasSubstr("# TYPE sim:chunk_lateness_seconds histogram\n"
                        "sim:chunk_lateness_seconds_bucket{le=\"5e-05\"} "
                        "1.0\n"
                        "sim:chunk_lateness_seconds_bucket{le=\"0.0001\"}"
                        " 1.0\n"
                        "sim:chunk_lateness_seconds_bucket{le=\"0.00025\"}"
                        " 1.0\n"
                        "sim:chunk_lateness_seconds_bucket{le=\"0.0005\"}"
                        " 2.0\n"));
  EXPECT_THAT(text,
              HasSubstr("sim:chunk_lateness_seconds_bucket{le=\"1.0\"} 2.0\n"
                        "sim:chunk_lateness_seconds_bucket{le=\"+Inf\"} 3.0\n"
                        "sim:chunk_lateness_seconds_count 3.0\n"
                        "sim:chunk_lateness_seconds_sum 2.00033\n"));
  EXPECT_THAT(text, HasSubstr("sim:first_token_lateness_seconds_count 0.0\n"));
}

TEST(LatenessTest, ConcurrentRecordingAndReadingCountsEverything) {
  LatenessRecorder recorder(4);
  std::vector<std::thread> threads;
  for (int shard = 0; shard < 4; ++shard) {
    threads.emplace_back([&recorder, shard] {
      for (int i = 0; i < 5000; ++i) {
        recorder.Record(shard, LatenessKind::kChunk, microseconds(i % 700));
      }
    });
  }
  for (int i = 0; i < 20; ++i) {
    (void)recorder.PrometheusText();
    (void)recorder.TakeInterval();
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(recorder.SinceStart().chunks.count, 20000);
}

TEST(LatenessTest, JsonAndLogLine) {
  LatenessRecorder recorder(1);
  recorder.Record(0, LatenessKind::kChunk, microseconds(1500));
  recorder.Record(0, LatenessKind::kFirstToken, microseconds(1500));
  LatenessReport report = recorder.SinceStart();
  const std::string json = LatenessJson(report);
  EXPECT_THAT(json, JsonShows({{"/window", "start"},
                               {"/chunks/count", "1"},
                               {"/chunks/max_ms", "1.5"},
                               {"/chunks/mean_ms", "1.5"},
                               {"/first_tokens/count", "1"},
                               // Capped at the exact max.
                               {"/chunks/p50_ms", "1.5"},
                               {"/chunks/p99_ms", "1.5"},
                               {"/chunks/p999_ms", "1.5"},
                               {"/first_tokens/p99_ms", "1.5"}}));
  EXPECT_THAT(Show(ParseJson(json), "/percentiles"), HasSubstr("0.8%"));
  LogLine line = LatenessLogLine(report);
  EXPECT_THAT(line.message,
              ::testing::MatchesRegex(
                  "Simulator lateness since start \\([0-9.]+ s\\): chunks 1, "
                  "mean 1.500 ms, p50 1.500 ms, p99 1.500 ms, p99.9 1.500 ms, "
                  "max 1.500 ms; first tokens 1, mean 1.500 ms, .*"));
}

}  // namespace
}  // namespace servebench::sim
