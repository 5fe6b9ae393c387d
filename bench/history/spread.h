// A reference figure from several runs: their median, and a tolerance from
// how much they vary. Shared by history gating, `history propose-baseline`
// and the report's --history comparison, so that all three hold a run to
// the same line.
#ifndef SERVEBENCH_BENCH_HISTORY_SPREAD_H_
#define SERVEBENCH_BENCH_HISTORY_SPREAD_H_

#include <vector>

#include "bench/gating/metric.h"

namespace servebench::history {

struct SpreadRule {
  // Never tighter than this fraction of the median: a few quiet runs must
  // not make the next ordinary one a regression.
  double min_tolerance = 0.02;
  // The largest distance of a run's mean from the median, times this: a
  // handful of runs underestimates how far runs stray.
  double spread_factor = 2.0;
};

// One run's figure: its mean and, when it kept them, the per-request values.
struct RunFigure {
  double mean = 0;
  std::vector<double> samples;
};

struct FigureReference {
  double median = 0;  // of the runs' means
  Tolerance tolerance;
  double spread = 0;  // largest |mean - median|, in the metric's unit
  // 95% half-width of one run's mean, t(0.975, n-1) · s / sqrt(n), with s
  // pooled over the runs' samples and n their median count; 0 without
  // samples.
  double half_width = 0;
};

// Precondition: `runs` not empty. The tolerance allows the largest of
//   - min_tolerance × |median|,
//   - spread_factor × spread (runs stray from each other), and
//   - half_width (one run's own mean is only known to ± that: the gate's
//     95% interval for a run at the same settings is about as wide, so a
//     tighter tolerance would make every such run unclear);
// as a fraction of the median rounded up to a tenth of a percent (so it
// reads back from TOML exactly), or absolute in the metric's unit when the
// median is 0.
// Metrics whose default tolerance is absolute (the TTFT overhead, the
// client/server TPOT difference) are small differences of noisy figures:
// their reference is absolute too, and never tighter than that default,
// because a few quiet sub-millisecond runs would otherwise fail the next
// ordinary one.
FigureReference ReferenceOf(const std::vector<RunFigure>& runs,
                            const SpreadRule& rule, Metric metric);

}  // namespace servebench::history

#endif  // SERVEBENCH_BENCH_HISTORY_SPREAD_H_
