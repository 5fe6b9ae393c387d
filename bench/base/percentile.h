// The p50/p90/p99 triple that load reports quote, from Percentile() in
// bench/base/summary_stats.h.
//
// Rule: linear interpolation between closest ranks (Hyndman & Fan type 7, the
// default of numpy.percentile, R's quantile() and Excel's PERCENTILE.INC).
// With the n samples sorted as x[0] <= ... <= x[n-1], the percentile p in
// [0, 100] sits at rank r = p / 100 * (n - 1); with k = floor(r) the value is
//   x[k] + (r - k) * (x[k + 1] - x[k])
// so p0 is the minimum, p100 the maximum and p50 the usual median. Chosen
// because it is what vLLM's and SGLang's benchmark scripts report (numpy), so
// figures compare directly; a nearest-rank rule would jump between samples on
// small sets.
#ifndef SERVEBENCH_BENCH_BASE_PERCENTILE_H_
#define SERVEBENCH_BENCH_BASE_PERCENTILE_H_

#include <optional>
#include <vector>

#include "bench/base/summary_stats.h"

namespace servebench {

// The three percentiles load reports carry.
struct Quantiles {
  double p50 = 0;
  double p90 = 0;
  double p99 = 0;
};

// Absent for an empty set.
std::optional<Quantiles> ComputeQuantiles(std::vector<double> samples);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_BASE_PERCENTILE_H_
