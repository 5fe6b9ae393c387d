// Median and spread-derived tolerance of a figure over runs.
#include "bench/history/spread.h"

#include <algorithm>
#include <cmath>

#include "bench/history/series.h"

namespace servebench::history {

FigureReference ReferenceOf(const std::vector<double>& values,
                            const SpreadRule& rule) {
  FigureReference reference;
  reference.median = Median(values);
  for (double v : values) {
    reference.spread =
        std::max(reference.spread, std::fabs(v - reference.median));
  }
  if (reference.median == 0) {
    reference.tolerance = {Tolerance::Kind::kAbsolute,
                           rule.spread_factor * reference.spread};
    return reference;
  }
  const double fraction =
      std::max(rule.min_tolerance, rule.spread_factor * reference.spread /
                                       std::fabs(reference.median));
  // Tenths of a percent, rounded up; the small epsilon keeps an exact tenth
  // (0.034 stored as 0.034000000000000002) from rounding up to the next.
  const double tenths = std::ceil(fraction * 1000 - 1e-9);
  reference.tolerance = {Tolerance::Kind::kRelative, (tenths / 10) / 100};
  return reference;
}

}  // namespace servebench::history
