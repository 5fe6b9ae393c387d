// The load generator's check on itself: a client that cannot keep up stamps
// events late and reports its own slowness as the server's.
//
// Two symptoms are measured on the client's single event-loop thread:
//   - processing lag: for each wakeup of curl_multi_poll, the time from the
//     poll's return until libcurl has handed over all available data (and
//     every SSE event in it was parsed and stamped). Events that arrive while
//     the loop is busy wait that long before being stamped, so the p99 lag is
//     an upper bound on the timestamp error of most events;
//   - saturation: the thread's CPU time (CLOCK_THREAD_CPUTIME_ID) over the
//     wall time of the run. Near 100% the loop never sleeps and lag grows
//     without bound.
// The loop iteration time (poll return to the next poll, including starting
// new requests) is reported too, for diagnosis.
#ifndef SERVEBENCH_BENCH_LOAD_SELF_CHECK_H_
#define SERVEBENCH_BENCH_LOAD_SELF_CHECK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "bench/base/clock.h"

namespace servebench {

struct SelfCheckLimits {
  double max_lag_p99_ms = 5;
  double max_cpu_fraction = 0.9;  // of one core, over the run's wall time
};

struct ClientSelfCheck {
  int64_t wakeups = 0;
  double lag_p99_ms = 0;
  double lag_max_ms = 0;
  double iteration_p99_ms = 0;
  double iteration_max_ms = 0;
  double cpu_s = 0;   // the event-loop thread's CPU time
  double wall_s = 0;  // the run's wall time
  double cpu_fraction = 0;
  // Open loop: the client's dispatch lag (load_driver.h), p99 and max.
  double dispatch_lag_p99_ms = 0;
  double dispatch_lag_max_ms = 0;
  bool overloaded = false;
  std::string reason;  // why, when overloaded
};

// Sets `overloaded` and `reason` from the measured figures. The reason reads
// e.g. "the client fell behind (p99 processing lag 12.3 ms > 5 ms): the
// figures measure the client, not the server; lower the concurrency or use a
// faster machine".
void JudgeClient(const SelfCheckLimits& limits, ClientSelfCheck& check);

// Adds the open loop's dispatch lags (ms, one per scheduled request) to a
// judged check: a p99 over max_lag_p99_ms means requests left later than
// their schedule because of the client, so the offered rate was not the one
// asked for. Keeps an earlier verdict.
void JudgeDispatch(const SelfCheckLimits& limits,
                   const std::vector<double>& dispatch_lags_ms,
                   ClientSelfCheck& check);

// Collects the samples during a run; one per event-loop thread.
class SelfCheckRecorder {
 public:
  // Starts the wall and CPU clocks; call on the event-loop thread.
  SelfCheckRecorder();

  // One wakeup: the poll returned at `woke`, data was processed by
  // `processed`, the iteration ended at `done`.
  void OnWakeup(Clock::time_point woke, Clock::time_point processed,
                Clock::time_point done);

  // Stops the clocks (on the same thread) and judges.
  ClientSelfCheck Finish(const SelfCheckLimits& limits) const;

 private:
  Clock::time_point wall_start_;
  double cpu_start_s_;
  std::vector<double> lag_ms_;
  std::vector<double> iteration_ms_;
};

// CPU time consumed by the calling thread, in seconds.
double ThreadCpuSeconds();

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_LOAD_SELF_CHECK_H_
