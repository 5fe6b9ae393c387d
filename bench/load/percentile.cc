// Linear interpolation between closest ranks (see percentile.h).
#include "bench/load/percentile.h"

#include <algorithm>
#include <cmath>

namespace servebench {
namespace {

// Precondition: `sorted` is sorted and not empty.
double SortedPercentile(const std::vector<double>& sorted, double p) {
  const double rank = std::clamp(p, 0.0, 100.0) / 100.0 *
                      static_cast<double>(sorted.size() - 1);
  const size_t below = static_cast<size_t>(std::floor(rank));
  const size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = rank - static_cast<double>(below);
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

}  // namespace

std::optional<double> Percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return std::nullopt;
  std::sort(samples.begin(), samples.end());
  return SortedPercentile(samples, p);
}

std::optional<Quantiles> ComputeQuantiles(std::vector<double> samples) {
  if (samples.empty()) return std::nullopt;
  std::sort(samples.begin(), samples.end());
  return Quantiles{SortedPercentile(samples, 50), SortedPercentile(samples, 90),
                   SortedPercentile(samples, 99)};
}

}  // namespace servebench
