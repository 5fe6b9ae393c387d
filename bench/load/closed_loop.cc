// The closed loop: every request due as soon as a stream is free.
#include "bench/load/closed_loop.h"

namespace servebench {

Result<LoadResult> RunClosedLoop(const LoadOptions& options,
                                 const RequestBodyFn& make_body) {
  if (options.turns < 1 || options.total_requests % options.turns != 0) {
    return Error{"a closed loop of conversations needs a request count (" +
                 std::to_string(options.total_requests) +
                 ") that is a multiple of its turns (" +
                 std::to_string(options.turns) + ")"};
  }
  ClosedLoopSource source(options.total_requests / options.turns, options.turns,
                          options.max_duration_s);
  SB_ASSIGN_OR_RETURN(LoadResult result, RunLoad(options, source, make_body));
  result.figures = ComputeLoadFigures(result.requests, options.concurrency);
  return result;
}

}  // namespace servebench
