// An open-loop load generator: requests (conversations) are due at the
// times of an arrival schedule (arrival_schedule.h), whether or not earlier
// ones have finished, as users arrive at a service. At most
// options.concurrency are in flight (max_concurrency); a request due while
// all of them are busy waits, and that wait counts in its latency. The
// machinery is the load driver's (load_driver.h).
#ifndef SERVEBENCH_BENCH_LOAD_OPEN_LOOP_H_
#define SERVEBENCH_BENCH_LOAD_OPEN_LOOP_H_

#include <vector>

#include "bench/base/result.h"
#include "bench/load/load_driver.h"

namespace servebench {

// Streams an open loop may hold when no max_concurrency is given: an
// overloaded server then queues the rest in the client, where the wait is
// still measured.
inline constexpr int kOpenLoopDefaultStreams = 1024;

// kOpenLoopDefaultStreams, or fewer when the process may not open that many
// descriptors (RLIMIT_NOFILE, less what the process needs besides).
int DefaultOpenLoopStreams();

struct OpenLoopSchedule {
  // Conversation c is due offsets_s[c] seconds after the level starts.
  std::vector<double> offsets_s;
  // Conversations due before this many seconds are warm-up.
  double warmup_s = 0;
};

// options.total_requests and warmup_requests are ignored: the schedule sets
// the count (conversations × options.turns) and the warm-up. The level
// starts 10 ms after the call, once the threads are up. Figures are
// ComputeOpenLoopFigures'.
Result<LoadResult> RunOpenLoop(const LoadOptions& options,
                               const OpenLoopSchedule& schedule,
                               const RequestBodyFn& make_body);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_LOAD_OPEN_LOOP_H_
