// When each request of an open-loop (request-rate) level is due: a pure,
// seeded function of the rate, the arrival process and the request count.
//
// Gaps between arrivals, for a target rate of λ requests per second:
//   constant  every gap is 1/λ;
//   poisson   gaps are exponential with mean 1/λ (gamma of shape 1);
//   gamma     gaps are gamma-distributed with shape k = burstiness and scale
//             1/(λk), so the mean is still 1/λ; k < 1 is burstier than
//             Poisson, k > 1 smoother, and k = 1 is Poisson.
// The first arrival is at 0. The n − 1 drawn gaps are then scaled by one
// common factor so that they sum to exactly (n − 1)/λ: a level of n requests
// is offered at exactly λ over its span, whatever the draw (a finite Poisson
// sample otherwise misses its rate by about 1/√n). vLLM's benchmark does the
// same, scaling so that the last arrival lands on n/λ.
//
// Reproducible: the draws come from std::mt19937_64 seeded with `seed` and
// libstdc++'s distributions, so a seed gives the same schedule on every run
// with the same standard library. Because the gamma family is closed under
// scaling, one seed gives the same pattern at every rate, only stretched:
// levels of a sweep differ in rate, not in burst shape.
#ifndef SERVEBENCH_BENCH_LOAD_ARRIVAL_SCHEDULE_H_
#define SERVEBENCH_BENCH_LOAD_ARRIVAL_SCHEDULE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/base/result.h"
#include "bench/config/load_spec.h"  // Arrivals

namespace servebench {

struct ArrivalSpec {
  double rate_rps = 1;  // λ, > 0
  Arrivals arrivals = Arrivals::kPoisson;
  double burstiness = 1;  // gamma shape k, > 0; only read for kGamma
  uint64_t seed = 1;
};

// Offsets in seconds from the level's start, non-decreasing, one per
// request: offsets[0] = 0 and offsets[n − 1] = (n − 1)/λ. Fails for n < 1,
// a rate or burstiness that is not a positive finite number, or a schedule
// longer than a day (kMaxLevelSeconds: a typo, not a benchmark).
Result<std::vector<double>> ArrivalOffsets(const ArrivalSpec& spec, int n);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_LOAD_ARRIVAL_SCHEDULE_H_
