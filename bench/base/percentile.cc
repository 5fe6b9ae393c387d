// p50/p90/p99 from the shared percentile rule.
#include "bench/base/percentile.h"

namespace servebench {

std::optional<Quantiles> ComputeQuantiles(std::vector<double> samples) {
  if (samples.empty()) return std::nullopt;
  return Quantiles{*Percentile(samples, 50), *Percentile(samples, 90),
                   *Percentile(samples, 99)};
}

}  // namespace servebench
