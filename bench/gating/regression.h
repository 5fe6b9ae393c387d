// Comparing a run's figures with a baseline, honestly about noise.
//
// For each gated metric, the threshold is the worst acceptable value
// (Tolerance::Threshold). With per-run samples the run's mean m gets a 95%
// confidence interval m ± t(0.975, n-1) · s / sqrt(n) (Student's t, s the
// sample standard deviation):
//   - the whole interval on the acceptable side of the threshold: kPass;
//   - the whole interval beyond it: kRegression;
//   - the interval straddles it: kUnclear, and the caller may measure more
//     runs (up to a bound) and compare again; still unclear at the bound, the
//     verdict is kInconclusive;
//   - one sample, or no spread: the mean alone decides (no interval).
// kImproved marks a pass beyond the tolerance on the good side (worth
// refreshing the baseline).
//
// A figure that is not a mean (a percentile) brings its own 95% interval
// (Measured::interval), judged the same way; without one its value decides.
#ifndef SERVEBENCH_BENCH_REGRESSION_H_
#define SERVEBENCH_BENCH_REGRESSION_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bench/gating/baseline.h"
#include "bench/gating/metric.h"

namespace servebench {

enum class Verdict { kPass, kImproved, kRegression, kUnclear, kInconclusive };

const char* VerdictName(Verdict verdict);

// One metric of one case (or of the server) as measured in a run.
struct Measured {
  double mean = 0;              // the figure (a mean, or e.g. a percentile)
  std::vector<double> samples;  // may be empty (e.g. memory facts)
  // When set, the 95% interval of the figure, used instead of the Student t
  // interval of the samples' mean (a percentile's, from order statistics).
  std::optional<std::pair<double, double>> interval;
};

struct MetricComparison {
  Metric metric;
  double measured = 0;  // run mean
  double baseline = 0;
  Tolerance tolerance;
  double threshold = 0;
  double change_pct = 0;  // (measured - baseline) / |baseline| * 100
  std::optional<double> ci_low, ci_high;  // 95% interval of the run mean
  Verdict verdict = Verdict::kPass;

  // "decode_tps 38.1 tok/s is 8.9% below baseline 41.8 (allowed: 5%)", or for
  // unclear ones "... 95% interval 37.2-42.0 tok/s straddles the
  // threshold 39.7".
  std::string Explain() const;
};

struct Comparison {
  std::vector<MetricComparison> metrics;  // gated metrics known on both sides

  bool HasVerdict(Verdict v) const;
  // The worst: kRegression > kInconclusive > kUnclear > kPass/kImproved.
  Verdict Overall() const;
};

// Compares every metric present in `measured` and in `baseline_figures`
// that has an entry in `tolerances` (metrics without one are not gated).
Comparison Compare(const std::map<Metric, Measured>& measured,
                   const std::map<Metric, double>& baseline_figures,
                   const std::map<Metric, Tolerance>& tolerances);

// Turns every kUnclear into kInconclusive (after the last allowed run).
void MarkUnclearInconclusive(Comparison& comparison);

// Two-sided 95% Student t quantile for `degrees` degrees of freedom (>= 1).
double StudentT975(int degrees);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_REGRESSION_H_
