// Saturation: a batch of at most --max-num-seqs running requests, an
// optional KV-cache admission rule, and decode steps that slow down with the
// batch, so a load sweep finds a knee at a known point. Off by default
// (SaturationEnabled(config) is false and no request goes through here).
//
// The model (tools/sim/README.md, "Saturation", derives throughput and the
// knee from it):
//  * Requests are admitted in arrival order (FIFO, no overtaking). Request
//    i, arriving at a_i, is admitted at the earliest t_i >= max(a_i,
//    t_{i-1}) at which
//      - fewer than B = --max-num-seqs requests are running (B unlimited
//        when 0), and
//      - with --kv-admission, k_i + the k_j of the running requests <=
//        --kv-cache-tokens, where k = prompt_tokens + max_tokens (the
//        request's worst case, reserved whole at admission).
//    A request runs over [t_j, f_j): from its admission to its last token
//    as planned. Since the running set only shrinks between admissions,
//    t_i is a_i, t_{i-1} or some f_j.
//  * Admitted with R requests running (itself included), every decode step
//    of the request takes tpot * (1 + alpha * (R - 1)), alpha =
//    --batch-tpot-alpha, for its whole life: the batch is sampled once, at
//    admission. Its TTFT after admission is unchanged (ttft_base + prefill
//    per token), so f_i = t_i + S_i(R) where S_i(R) is its planned service
//    time for R (StepOffsetsFor(...).back()).
//  * The queue delay t_i - a_i is part of every offset of the request (its
//    TTFT as a client sees it) and of the engines' queue-time histograms.
//  * A request keeps its slot for its planned duration whatever its client
//    does (a disconnect does not free it early), like the other planned
//    figures.
#ifndef SERVEBENCH_TOOLS_SIM_SCHEDULER_H_
#define SERVEBENCH_TOOLS_SIM_SCHEDULER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

#include "tools/sim/config.h"
#include "tools/sim/timing.h"

namespace servebench::sim {

class Scheduler {
 public:
  using Clock = std::chrono::steady_clock;

  struct Admission {
    Duration queue_delay{0};  // admission - arrival
    int64_t running = 1;      // running once admitted, itself included
  };

  struct Counts {
    int64_t running = 0;    // admitted, last token not yet due
    int64_t waiting = 0;    // arrived, not yet admitted
    int64_t kv_tokens = 0;  // reserved by the running requests
  };

  explicit Scheduler(const SimConfig& config);

  // Admits a request arriving at `arrival` that reserves `kv_tokens` (used
  // only with --kv-admission; capped at --kv-cache-tokens so that every
  // request fits an empty cache) and whose service time, admitted with R
  // running, is service(R). Thread-safe; requests are ordered by the calls.
  Admission Admit(Clock::time_point arrival, int64_t kv_tokens,
                  const std::function<Duration(int64_t)>& service);

  // The state at `now` as planned.
  Counts CountsAt(Clock::time_point now);

 private:
  struct Entry {
    Clock::time_point arrival;
    Clock::time_point admitted;
    Clock::time_point finish;
    int64_t kv_tokens = 0;
  };
  const int64_t max_running_;  // 0: unlimited
  const bool kv_admission_;
  const int64_t kv_capacity_;
  std::mutex mutex_;
  // Requests whose finish is after the latest arrival seen (older ones can
  // no longer matter: arrivals and admissions only move forward).
  std::vector<Entry> entries_;
  Clock::time_point last_admitted_{};
  bool any_ = false;
};

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_SCHEDULER_H_
