// A closed-loop load generator: N streaming requests in flight at all times,
// each finished request immediately replaced by the next, until a total
// count (or a deadline) is reached. The machinery is the load driver's
// (load_driver.h); this file is its "replace at once" source and the
// closed loop's steady-state figures (load_figures.h).
#ifndef SERVEBENCH_BENCH_LOAD_CLOSED_LOOP_H_
#define SERVEBENCH_BENCH_LOAD_CLOSED_LOOP_H_

#include "bench/base/result.h"
#include "bench/load/load_driver.h"

namespace servebench {

// Fails only when the run cannot start (invalid options, too few file
// descriptors, libcurl setup); per-request failures are in the result.
Result<LoadResult> RunClosedLoop(const LoadOptions& options,
                                 const RequestBodyFn& make_body);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_LOAD_CLOSED_LOOP_H_
