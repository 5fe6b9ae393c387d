// Seeded inter-arrival gaps, scaled to the exact target rate.
#include "bench/load/arrival_schedule.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "bench/base/limits.h"

namespace servebench {

Result<std::vector<double>> ArrivalOffsets(const ArrivalSpec& spec, int n) {
  if (n < 1) {
    return Error{"an arrival schedule needs at least 1 request, got " +
                 std::to_string(n)};
  }
  if (!(spec.rate_rps > 0) || !std::isfinite(spec.rate_rps)) {
    return Error{
        "a request rate must be a positive number of requests per "
        "second"};
  }
  if (spec.arrivals == Arrivals::kGamma &&
      (!(spec.burstiness > 0) || !std::isfinite(spec.burstiness))) {
    return Error{
        "burstiness (the gamma shape) must be a positive number; 1 "
        "is Poisson"};
  }
  const double span = (n - 1) / spec.rate_rps;
  if (span > kMaxLevelSeconds) {
    return Error{std::to_string(n) + " requests at " +
                 std::to_string(spec.rate_rps) +
                 " req/s would take longer than a day"};
  }
  std::vector<double> offsets(n, 0.0);
  if (n == 1) return offsets;

  // Gaps in units of the mean gap (mean 1), then scaled to the span.
  std::vector<double> gaps(n - 1, 1.0);
  std::mt19937_64 rng(spec.seed);
  if (spec.arrivals == Arrivals::kPoisson) {
    std::exponential_distribution<double> gap(1.0);
    for (double& g : gaps) g = gap(rng);
  } else if (spec.arrivals == Arrivals::kGamma) {
    std::gamma_distribution<double> gap(spec.burstiness, 1.0 / spec.burstiness);
    for (double& g : gaps) g = gap(rng);
  }
  double sum = 0;
  for (double g : gaps) sum += g;
  // Every draw zero (possible only in theory): fall back to even spacing.
  const double scale = sum > 0 ? span / sum : 0;
  for (int i = 1; i < n; ++i) {
    const double gap = scale > 0 ? gaps[i - 1] * scale : span / (n - 1);
    offsets[i] = offsets[i - 1] + gap;
  }
  // Exact, whatever the rounding on the way (and never before its neighbour).
  offsets[n - 1] = std::max(span, offsets[n - 2]);
  return offsets;
}

}  // namespace servebench
