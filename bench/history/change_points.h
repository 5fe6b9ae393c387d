// Change points in a series of run figures: E-divisive means (Matteson and
// James, "A Nonparametric Approach for Multiple Change Point Analysis of
// Multivariate Data", 2014), the method behind MongoDB's and Apache Otava's
// performance change detection.
//
// For a segment Z[s, e) and a split tau with the second part ending at
// kappa, the divergence between X = Z[s, tau) and Y = Z[tau, kappa) is
//
//   Q = a·b/(a+b) · ( 2/(a·b) Σ|x−y| − Σ|x−x'|/C(a,2) − Σ|y−y'|/C(b,2) )
//
// (a = |X|, b = |Y|, sums over pairs, exponent alpha = 1): how far apart the
// two parts are compared with how spread out each is. It responds to any
// change of distribution, not only of the mean, and makes no assumption
// about the noise. The best (tau, kappa) over every segment is a candidate;
// a permutation test decides whether it is significant: the values of each
// current segment are shuffled (a seeded, reproducible shuffle) and the best
// Q is computed again, `permutations` times; p = (1 + #{shuffled Q >= Q}) /
// (permutations + 1). A significant candidate splits its segment at tau and
// the search repeats on the new segments (hierarchical bisection) until a
// candidate is not significant.
//
// Performance data changes by small, real amounts all the time (a kernel
// update, a driver): a change is reported only when the means of the
// segments on either side also differ by at least `min_relative_change`.
#ifndef SERVEBENCH_BENCH_HISTORY_CHANGE_POINTS_H_
#define SERVEBENCH_BENCH_HISTORY_CHANGE_POINTS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "bench/base/result.h"

namespace servebench::history {

struct ChangePointOptions {
  double significance = 0.05;         // p-value at or below which a split holds
  int permutations = 199;             // at least 1/significance - 1
  size_t min_segment = 3;             // points on each side of a change, >= 2
  double min_relative_change = 0.05;  // |after - before| / |before|
  uint64_t seed = 1;                  // the permutations' shuffles
};

struct ChangePoint {
  size_t index = 0;        // first point after the change (1 .. size-1)
  double statistic = 0;    // Q of the split
  double p_value = 1;      // of the permutation test that accepted it
  double mean_before = 0;  // mean of the segment before the change
  double mean_after = 0;   // and after it
  // (mean_after - mean_before) / |mean_before|; infinite when mean_before
  // is 0 and mean_after is not.
  double relative_change = 0;
};

// The longest series DetectChangePoints takes: the test costs
// O(permutations · n²) per change.
constexpr size_t kMaxSeriesLength = 1000;

// Change points in `series` (oldest first), by index. A series shorter than
// 2 · min_segment has none. Fails on options out of range, non-finite
// values, or a series longer than kMaxSeriesLength.
Result<std::vector<ChangePoint>> DetectChangePoints(
    const std::vector<double>& series, const ChangePointOptions& options);

}  // namespace servebench::history

#endif  // SERVEBENCH_BENCH_HISTORY_CHANGE_POINTS_H_
