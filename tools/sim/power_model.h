// The simulated GPUs' power and energy, for a DCGM-exporter-like series
// (dcgm_exporter.h), with a known truth a client's J/token can be checked
// against.
//
// Model, per GPU (every GPU serves every request, as with tensor
// parallelism, so all GPUs read the same):
//   P(t) = gpu_idle_watts + gpu_watts_per_request * A(t)
// where A(t) is the number of requests in their active phase at t: from
// admission (the arrival, unless the request queued, scheduler.h) to its
// last token, as planned; queued requests draw nothing. Energy is the
// exact integral of P since the server started:
//   E(t) = gpu_idle_watts * (t - t0) + gpu_watts_per_request * sum_i |[b_i,
//   e_i] ∩ [t0, t]|
// reported in whole millijoules (floor). A request's interval is its plan's,
// whatever happens to the connection (a client that goes away does not cut
// it short), and stall faults add no power.
//
// The truth for a test: between two readings t1 < t2 that bracket a set of
// requests entirely, the energy of all GPUs is
//   gpus * (gpu_idle_watts * (t2 - t1) + gpu_watts_per_request * sum_i (e_i -
//   b_i)),
// so with --gpu-idle-watts 0 the joules per output token are
//   gpus * gpu_watts_per_request * sum_i (e_i - b_i) / sum_i tokens_i,
// e_i - b_i being each request's TTFT (without queueing) plus its decode
// time, all from the simulator's configured timing.
#ifndef SERVEBENCH_TOOLS_SIM_POWER_MODEL_H_
#define SERVEBENCH_TOOLS_SIM_POWER_MODEL_H_

#include <chrono>
#include <cstdint>
#include <mutex>
#include <vector>

#include "tools/sim/config.h"

namespace servebench::sim {

struct PowerReading {
  double power_w = 0;     // per GPU, now
  int64_t energy_mj = 0;  // per GPU, since start
  int64_t active = 0;     // requests in their active phase now
};

// Thread-safe: serving threads add intervals while scrapes read.
class PowerMeter {
 public:
  using Clock = std::chrono::steady_clock;

  PowerMeter(const SimConfig& config, Clock::time_point start);

  // A request active over [begin, end). Intervals may start in the future
  // (an admission planned after a queue).
  void AddActive(Clock::time_point begin, Clock::time_point end);

  // The reading at `now`, or at the latest earlier reading's time when
  // `now` is before it (concurrent scrapes), so energy never decreases.
  PowerReading ReadAt(Clock::time_point now);

 private:
  struct Interval {
    Clock::time_point begin;
    Clock::time_point end;
  };
  std::mutex mutex_;
  const Clock::time_point start_;
  const double idle_w_;
  const double per_request_w_;
  // Active nanoseconds of the intervals that ended before the last reading;
  // in-flight ones stay in `intervals_` (bounded by the requests in flight).
  int64_t finished_active_ns_ = 0;
  std::vector<Interval> intervals_;
  Clock::time_point last_read_;
};

}  // namespace servebench::sim

#endif  // SERVEBENCH_TOOLS_SIM_POWER_MODEL_H_
