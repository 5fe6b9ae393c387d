// A reference figure from several runs: their median, and a tolerance from
// how far they spread. Shared by history gating, `history propose-baseline`
// and the report's --history comparison, so that all three hold a run to
// the same line.
#ifndef SERVEBENCH_BENCH_HISTORY_SPREAD_H_
#define SERVEBENCH_BENCH_HISTORY_SPREAD_H_

#include <vector>

#include "bench/metric.h"

namespace servebench::history {

struct SpreadRule {
  // Never tighter than this fraction of the median: a few quiet runs must
  // not make the next ordinary one a regression.
  double min_tolerance = 0.02;
  // The largest distance of a run from the median, times this. A handful
  // of runs underestimates the full range of the noise.
  double spread_factor = 2.0;
};

struct FigureReference {
  double median = 0;
  Tolerance tolerance;
  double spread = 0;  // largest |value - median|, in the metric's unit
};

// Precondition: `values` not empty. The tolerance is relative:
// max(min_tolerance, spread_factor · spread / |median|), rounded up to a
// tenth of a percent so it reads back from TOML exactly; absolute
// (spread_factor · spread, in the metric's unit) when the median is 0.
FigureReference ReferenceOf(const std::vector<double>& values,
                            const SpreadRule& rule);

}  // namespace servebench::history

#endif  // SERVEBENCH_BENCH_HISTORY_SPREAD_H_
