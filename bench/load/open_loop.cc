// The open loop: requests due at their scheduled times.
#include "bench/load/open_loop.h"

#include <sys/resource.h>

#include <algorithm>

namespace servebench {

int DefaultOpenLoopStreams() {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) != 0 ||
      files.rlim_cur == RLIM_INFINITY) {
    return kOpenLoopDefaultStreams;
  }
  const rlim_t usable = files.rlim_cur > kSpareDescriptors
                            ? files.rlim_cur - kSpareDescriptors
                            : 1;
  return static_cast<int>(
      std::max<rlim_t>(1, std::min<rlim_t>(kOpenLoopDefaultStreams, usable)));
}

Result<LoadResult> RunOpenLoop(const LoadOptions& options,
                               const OpenLoopSchedule& schedule,
                               const RequestBodyFn& make_body) {
  if (schedule.offsets_s.empty()) {
    return Error{"an open-loop level needs at least 1 scheduled request"};
  }
  if (options.turns < 1) {
    return Error{"a conversation needs at least 1 turn, got " +
                 std::to_string(options.turns)};
  }
  LoadOptions open = options;
  open.warmup_requests = 0;  // warm-up is by schedule time
  const Clock::time_point start = Clock::now() + std::chrono::milliseconds(10);
  ScheduledSource source(schedule.offsets_s, options.turns, schedule.warmup_s,
                         start);
  SB_ASSIGN_OR_RETURN(LoadResult result, RunLoad(open, source, make_body));
  result.open_loop = true;
  result.figures = ComputeOpenLoopFigures(result.requests);
  return result;
}

}  // namespace servebench
