// p50/p90/p99 from the shared percentile rule.
#include "bench/base/percentile.h"

#include <algorithm>

namespace servebench {

std::optional<Quantiles> ComputeQuantiles(std::vector<double> samples) {
  if (samples.empty()) return std::nullopt;
  std::sort(samples.begin(), samples.end());
  return Quantiles{PercentileOfSorted(samples, 50),
                   PercentileOfSorted(samples, 90),
                   PercentileOfSorted(samples, 99)};
}

}  // namespace servebench
