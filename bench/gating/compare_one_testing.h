// Test helpers for regression.h: runs as a Measured, and one metric compared
// on its own.
#ifndef SERVEBENCH_BENCH_GATING_COMPARE_ONE_TESTING_H_
#define SERVEBENCH_BENCH_GATING_COMPARE_ONE_TESTING_H_

#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "bench/gating/regression.h"

namespace servebench {

inline constexpr auto kRel = Tolerance::Kind::kRelative;
inline constexpr auto kAbs = Tolerance::Kind::kAbsolute;

// The runs' values with their mean, as the gate measures a case.
inline Measured Runs(std::vector<double> samples) {
  double sum = 0;
  for (double s : samples) sum += s;
  const double mean = sum / samples.size();
  return Measured{mean, std::move(samples)};
}

// One metric compared on its own; a test fails if Compare does not return
// exactly that one metric.
inline MetricComparison CompareOne(Metric metric, const Measured& measured,
                                   double baseline, Tolerance tolerance) {
  const Comparison c = Compare({{metric, measured}}, {{metric, baseline}},
                               {{metric, tolerance}});
  EXPECT_EQ(c.metrics.size(), 1u);
  return c.metrics.empty() ? MetricComparison{} : c.metrics[0];
}

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_GATING_COMPARE_ONE_TESTING_H_
