// Tests the saturation model (scheduler.h): FIFO admission against the
// batch and KV limits, the batch sampled at admission, and, driven as a
// closed loop, the throughput and queueing formulas of the README.
#include "tools/sim/scheduler.h"

#include <cmath>
#include <functional>
#include <queue>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace servebench::sim {
namespace {

using Clock = Scheduler::Clock;
using std::chrono::milliseconds;

SimConfig Config(int64_t max_num_seqs, bool kv_admission = false,
                 int64_t kv_tokens = 1'000'000) {
  SimConfig config;
  config.max_num_seqs = max_num_seqs;
  config.kv_admission = kv_admission;
  config.kv_cache_tokens = kv_tokens;
  return config;
}

std::function<Duration(int64_t)> Fixed(Duration d) {
  return [d](int64_t) { return d; };
}

TEST(SchedulerTest, WithoutLimitsEveryoneIsAdmittedOnArrival) {
  Scheduler scheduler(Config(0));
  const Clock::time_point t0 = Clock::now();
  for (int i = 0; i < 5; ++i) {
    const Scheduler::Admission a =
        scheduler.Admit(t0 + milliseconds(i), 10, Fixed(milliseconds(100)));
    EXPECT_EQ(a.queue_delay, Duration(0));
    EXPECT_EQ(a.running, i + 1);
  }
  // The sixth comes after the first two finished (at 100 and 101 ms).
  EXPECT_EQ(scheduler.Admit(t0 + milliseconds(101), 10, Fixed(milliseconds(1)))
                .running,
            4);
}

TEST(SchedulerTest, BeyondTheBatchRequestsWaitForAFinish) {
  Scheduler scheduler(Config(2));
  const Clock::time_point t0 = Clock::now();
  EXPECT_EQ(scheduler.Admit(t0, 1, Fixed(milliseconds(100))).queue_delay,
            Duration(0));
  EXPECT_EQ(scheduler.Admit(t0, 1, Fixed(milliseconds(300))).queue_delay,
            Duration(0));
  // Admitted when the first finishes, at 100 ms, beside the second.
  const Scheduler::Admission third =
      scheduler.Admit(t0 + milliseconds(10), 1, Fixed(milliseconds(100)));
  EXPECT_EQ(third.queue_delay, milliseconds(90));
  EXPECT_EQ(third.running, 2);
  // The next waits for the third (finishing at 200 ms), not the second.
  const Scheduler::Admission fourth =
      scheduler.Admit(t0 + milliseconds(20), 1, Fixed(milliseconds(100)));
  EXPECT_EQ(fourth.queue_delay, milliseconds(180));
  EXPECT_EQ(fourth.running, 2);

  const Scheduler::Counts at_50 = scheduler.CountsAt(t0 + milliseconds(50));
  EXPECT_EQ(at_50.running, 2);
  EXPECT_EQ(at_50.waiting, 2);
  const Scheduler::Counts at_150 = scheduler.CountsAt(t0 + milliseconds(150));
  EXPECT_EQ(at_150.running, 2);
  EXPECT_EQ(at_150.waiting, 1);
  const Scheduler::Counts at_350 = scheduler.CountsAt(t0 + milliseconds(350));
  EXPECT_EQ(at_350.running, 0);
  EXPECT_EQ(at_350.waiting, 0);
}

TEST(SchedulerTest, NoOvertakingEvenWhenALaterRequestWouldFit) {
  // KV admission only: 100 tokens. A holds 60; B needs 60 and waits; C
  // needs 10 and would fit beside A, but comes after B.
  Scheduler scheduler(Config(0, true, 100));
  const Clock::time_point t0 = Clock::now();
  EXPECT_EQ(scheduler.Admit(t0, 60, Fixed(milliseconds(100))).queue_delay,
            Duration(0));
  EXPECT_EQ(scheduler.Admit(t0 + milliseconds(1), 60, Fixed(milliseconds(100)))
                .queue_delay,
            milliseconds(99));
  const Scheduler::Admission c =
      scheduler.Admit(t0 + milliseconds(2), 10, Fixed(milliseconds(100)));
  EXPECT_EQ(c.queue_delay, milliseconds(98));
  EXPECT_EQ(c.running, 2);
  EXPECT_EQ(scheduler.CountsAt(t0 + milliseconds(150)).kv_tokens, 70);
}

TEST(SchedulerTest, KvNeedIsCappedAtTheCapacity) {
  Scheduler scheduler(Config(0, true, 100));
  const Clock::time_point t0 = Clock::now();
  EXPECT_EQ(scheduler.Admit(t0, 500, Fixed(milliseconds(10))).queue_delay,
            Duration(0));
  EXPECT_EQ(scheduler.Admit(t0, 1, Fixed(milliseconds(10))).queue_delay,
            milliseconds(10));
}

TEST(SchedulerTest, ServiceTimeFollowsTheBatchAtAdmission) {
  Scheduler scheduler(Config(0));
  const Clock::time_point t0 = Clock::now();
  auto by_batch = [](int64_t running) { return milliseconds(10 * running); };
  scheduler.Admit(t0, 1, by_batch);  // R 1: until 10 ms
  scheduler.Admit(t0, 1, by_batch);  // R 2: until 20 ms
  EXPECT_EQ(scheduler.CountsAt(t0 + milliseconds(15)).running, 1);
  EXPECT_EQ(scheduler.Admit(t0 + milliseconds(15), 1, by_batch).running, 2);
}

// A closed loop of `clients`, each sending its next request when the
// previous one's last token is due, with identical requests whose service
// time for R running is S(R). Returns the output-token throughput over
// [warmup, end) and the mean queue delay of the requests admitted then.
struct LoopResult {
  double tokens_per_s = 0;
  double mean_queue_s = 0;
  double mean_running = 0;
};

LoopResult ClosedLoop(const SimConfig& config, int clients,
                      const std::function<Duration(int64_t)>& service,
                      int64_t tokens, Duration warmup, Duration end) {
  Scheduler scheduler(config);
  const Clock::time_point t0{};
  using Event = Clock::time_point;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> arrivals;
  for (int i = 0; i < clients; ++i) arrivals.push(t0);
  int64_t finished_tokens = 0;
  double queue_s = 0;
  double running = 0;
  int64_t admitted = 0;
  while (true) {
    const Clock::time_point arrival = arrivals.top();
    if (arrival >= t0 + end) break;
    arrivals.pop();
    const Scheduler::Admission a =
        scheduler.Admit(arrival, 1, [&](int64_t r) { return service(r); });
    const Clock::time_point finish =
        arrival + a.queue_delay + service(a.running);
    if (arrival >= t0 + warmup) {
      queue_s += std::chrono::duration<double>(a.queue_delay).count();
      running += static_cast<double>(a.running);
      ++admitted;
      if (finish < t0 + end) finished_tokens += tokens;
    }
    arrivals.push(finish);
  }
  const double window = std::chrono::duration<double>(end - warmup).count();
  return LoopResult{
      .tokens_per_s = static_cast<double>(finished_tokens) / window,
      .mean_queue_s = admitted ? queue_s / static_cast<double>(admitted) : 0,
      .mean_running = admitted ? running / static_cast<double>(admitted) : 0};
}

// The README's formulas: S(R) = TTFT0 + (n - 1) * tpot * (1 + alpha (R - 1));
// X(C) = min(C, B) * n / S(min(C, B)); W(C) = (C - B) * S(B) / B above B.
TEST(SchedulerTest, ClosedLoopThroughputHasItsKneeAtTheBatch) {
  constexpr int64_t kBatch = 8;
  constexpr int64_t kTokens = 64;
  constexpr double kTtft = 0.030, kTpot = 0.010, kAlpha = 0.05;
  auto s = [&](int64_t r) {
    return kTtft + (kTokens - 1) * kTpot * (1 + kAlpha * (r - 1));
  };
  auto service = [&](int64_t r) {
    return std::chrono::duration_cast<Duration>(
        std::chrono::duration<double>(s(r)));
  };
  const Duration warmup = std::chrono::seconds(20);
  const Duration end = std::chrono::seconds(2000);
  std::vector<double> measured;
  for (int clients : {1, 2, 4, 8, 12, 16, 32}) {
    const LoopResult r =
        ClosedLoop(Config(kBatch), clients, service, kTokens, warmup, end);
    const int64_t b = std::min<int64_t>(clients, kBatch);
    const double truth = static_cast<double>(b * kTokens) / s(b);
    const double queue =
        clients > kBatch ? (clients - kBatch) * s(kBatch) / kBatch : 0.0;
    EXPECT_NEAR(r.tokens_per_s, truth, truth * 0.002) << clients;
    EXPECT_NEAR(r.mean_queue_s, queue, 0.002 + queue * 0.002) << clients;
    EXPECT_DOUBLE_EQ(r.mean_running, static_cast<double>(b)) << clients;
    measured.push_back(r.tokens_per_s);
  }
  // Rising to the knee at C = B, flat after it.
  for (size_t i = 1; i < 4; ++i) EXPECT_GT(measured[i], measured[i - 1]);
  for (size_t i = 4; i < measured.size(); ++i) {
    EXPECT_NEAR(measured[i], measured[3], measured[3] * 0.004);
  }
}

TEST(SchedulerTest, KvCapacityActsAsTheBatchForIdenticalRequests) {
  // Each request reserves 300 of 1000 tokens: at most 3 at once.
  auto service = [](int64_t) { return milliseconds(100); };
  Scheduler scheduler(Config(0, true, 1000));
  const Clock::time_point t0{};
  std::vector<Duration> queues;
  for (int i = 0; i < 7; ++i) {
    queues.push_back(scheduler.Admit(t0, 300, service).queue_delay);
  }
  EXPECT_THAT(queues,
              ::testing::ElementsAre(Duration(0), Duration(0), Duration(0),
                                     milliseconds(100), milliseconds(100),
                                     milliseconds(100), milliseconds(200)));
}

}  // namespace
}  // namespace servebench::sim
