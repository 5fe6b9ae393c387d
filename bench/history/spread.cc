// Median and noise-derived tolerance of a figure over runs.
#include "bench/history/spread.h"

#include <algorithm>
#include <cmath>

#include "bench/gating/baseline.h"
#include "bench/gating/regression.h"
#include "bench/history/series.h"

namespace servebench::history {
namespace {

// t(0.975, n-1) · s / sqrt(n) for a run of the typical sample count, s the
// per-request standard deviation pooled over runs with two or more samples.
double HalfWidth(const std::vector<RunFigure>& runs) {
  double squares = 0;
  size_t degrees = 0;
  std::vector<double> counts;
  for (const RunFigure& run : runs) {
    const size_t n = run.samples.size();
    if (n < 2) continue;
    double sum = 0;
    for (double v : run.samples) sum += v;
    const double mean = sum / static_cast<double>(n);
    for (double v : run.samples) squares += (v - mean) * (v - mean);
    degrees += n - 1;
    counts.push_back(static_cast<double>(n));
  }
  if (degrees == 0) return 0;
  const double s = std::sqrt(squares / static_cast<double>(degrees));
  const double n = std::max(2.0, std::round(Median(counts)));
  return StudentT975(static_cast<int>(n) - 1) * s / std::sqrt(n);
}

}  // namespace

FigureReference ReferenceOf(const std::vector<RunFigure>& runs,
                            const SpreadRule& rule, Metric metric) {
  FigureReference reference;
  std::vector<double> means;
  for (const RunFigure& run : runs) means.push_back(run.mean);
  reference.median = Median(means);
  for (double v : means) {
    reference.spread =
        std::max(reference.spread, std::fabs(v - reference.median));
  }
  reference.half_width = HalfWidth(runs);
  const double allowance =
      std::max(rule.spread_factor * reference.spread, reference.half_width);
  const auto defaults = DefaultTolerances();
  const auto fixed = defaults.find(metric);
  if (fixed != defaults.end() &&
      fixed->second.kind == Tolerance::Kind::kAbsolute) {
    reference.tolerance = {Tolerance::Kind::kAbsolute,
                           std::max(fixed->second.value, allowance)};
    return reference;
  }
  if (reference.median == 0) {
    reference.tolerance = {Tolerance::Kind::kAbsolute, allowance};
    return reference;
  }
  const double fraction =
      std::max(rule.min_tolerance, allowance / std::fabs(reference.median));
  // Tenths of a percent, rounded up; the small epsilon keeps an exact tenth
  // (0.034 stored as 0.034000000000000002) from rounding up to the next.
  const double tenths = std::ceil(fraction * 1000 - 1e-9);
  reference.tolerance = {Tolerance::Kind::kRelative, (tenths / 10) / 100};
  return reference;
}

}  // namespace servebench::history
