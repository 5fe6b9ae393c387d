// E-divisive means with a permutation test, on one univariate series.
#include "bench/history/change_points.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace servebench::history {
namespace {

// A small, fully specified generator (splitmix64), so that a seed gives the
// same shuffles with every compiler and standard library.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, bound), by rejection (no modulo bias).
  uint64_t Below(uint64_t bound) {
    const uint64_t limit = std::numeric_limits<uint64_t>::max() -
                           std::numeric_limits<uint64_t>::max() % bound;
    uint64_t value;
    do {
      value = Next();
    } while (value >= limit);
    return value % bound;
  }

 private:
  uint64_t state_;
};

// Sums of |x_i - x_j| over rectangles of index pairs, from 2-D prefix sums:
// every candidate split costs O(1).
class PairDistanceSums {
 public:
  explicit PairDistanceSums(const std::vector<double>& x)
      : stride_(x.size() + 1), prefix_(stride_ * stride_, 0.0) {
    for (size_t i = 0; i < x.size(); ++i) {
      double row = 0;
      for (size_t j = 0; j < x.size(); ++j) {
        row += std::fabs(x[i] - x[j]);
        prefix_[(i + 1) * stride_ + (j + 1)] =
            prefix_[i * stride_ + (j + 1)] + row;
      }
    }
  }
  // Σ |x_i - x_j| for i in [r0, r1), j in [c0, c1).
  double Sum(size_t r0, size_t r1, size_t c0, size_t c1) const {
    return prefix_[r1 * stride_ + c1] - prefix_[r0 * stride_ + c1] -
           prefix_[r1 * stride_ + c0] + prefix_[r0 * stride_ + c0];
  }

 private:
  size_t stride_;
  std::vector<double> prefix_;
};

struct Segment {
  size_t begin, end;  // [begin, end)
};

struct Split {
  size_t tau = 0;
  double q = -std::numeric_limits<double>::infinity();
};

// The best split of `segment`: max over tau and kappa of Q (see the header).
Split BestSplit(const PairDistanceSums& sums, Segment segment, size_t m) {
  Split best;
  const size_t s = segment.begin, e = segment.end;
  if (e - s < 2 * m) return best;
  for (size_t tau = s + m; tau + m <= e; ++tau) {
    const double a = static_cast<double>(tau - s);
    const double within_x = sums.Sum(s, tau, s, tau) / 2 / (a * (a - 1) / 2);
    for (size_t kappa = tau + m; kappa <= e; ++kappa) {
      const double b = static_cast<double>(kappa - tau);
      const double between = sums.Sum(s, tau, tau, kappa);
      const double within_y =
          sums.Sum(tau, kappa, tau, kappa) / 2 / (b * (b - 1) / 2);
      const double q =
          a * b / (a + b) * (2 * between / (a * b) - within_x - within_y);
      if (q > best.q) best = Split{tau, q};
    }
  }
  return best;
}

// The best split over all segments: its index in `segments` and the split.
std::pair<size_t, Split> BestOverSegments(const std::vector<double>& x,
                                          const std::vector<Segment>& segments,
                                          size_t m) {
  const PairDistanceSums sums(x);
  std::pair<size_t, Split> best{segments.size(), Split{}};
  for (size_t k = 0; k < segments.size(); ++k) {
    const Split split = BestSplit(sums, segments[k], m);
    if (split.q > best.second.q) best = {k, split};
  }
  return best;
}

// Permutation p-value of `observed` against shuffles within each segment.
// Stops early once the p-value can no longer reach `significance`.
double PermutationPValue(const std::vector<double>& x,
                         const std::vector<Segment>& segments, size_t m,
                         double observed, const ChangePointOptions& options,
                         SplitMix64& random) {
  const int permutations = options.permutations;
  // p = (1 + exceed) / (permutations + 1) <= significance
  const double allowed = options.significance * (permutations + 1) - 1;
  const double margin = 1e-9 * std::fabs(observed) + 1e-12;
  std::vector<double> shuffled = x;
  int exceed = 0;
  for (int r = 0; r < permutations; ++r) {
    for (const Segment& segment : segments) {
      for (size_t i = segment.end - 1; i > segment.begin; --i) {
        const size_t j =
            segment.begin +
            static_cast<size_t>(random.Below(i - segment.begin + 1));
        std::swap(shuffled[i], shuffled[j]);
      }
    }
    if (BestOverSegments(shuffled, segments, m).second.q >= observed - margin) {
      ++exceed;
      if (exceed > allowed) {
        return static_cast<double>(1 + exceed) / (r + 2);  // a lower bound
      }
    }
  }
  return static_cast<double>(1 + exceed) / (permutations + 1);
}

double Mean(const std::vector<double>& x, size_t begin, size_t end) {
  double sum = 0;
  for (size_t i = begin; i < end; ++i) sum += x[i];
  return sum / static_cast<double>(end - begin);
}

Status CheckOptions(const ChangePointOptions& options) {
  if (!(options.significance > 0 && options.significance < 1)) {
    return Error{"the significance level must be between 0 and 1, e.g. 0.05"};
  }
  if (options.permutations < 1 || options.permutations > 100000) {
    return Error{"the number of permutations must be between 1 and 100000"};
  }
  if (options.significance * (options.permutations + 1) < 1) {
    return Error{"with " + std::to_string(options.permutations) +
                 " permutations no p-value can reach the significance level; "
                 "use at least " +
                 std::to_string(static_cast<int>(
                     std::ceil(1 / options.significance - 1))) +
                 " permutations"};
  }
  if (options.min_segment < 2) {
    return Error{"a segment needs at least 2 points on each side of a change"};
  }
  if (!std::isfinite(options.min_relative_change) ||
      options.min_relative_change < 0) {
    return Error{"the minimum relative change must be a number, 0 or more"};
  }
  return Ok{};
}

}  // namespace

Result<std::vector<ChangePoint>> DetectChangePoints(
    const std::vector<double>& series, const ChangePointOptions& options) {
  SB_RETURN_IF_ERROR(CheckOptions(options));
  if (series.size() > kMaxSeriesLength) {
    return Error{"a series of " + std::to_string(series.size()) +
                 " points is longer than the " +
                 std::to_string(kMaxSeriesLength) +
                 " that change detection takes; select fewer runs"};
  }
  for (double v : series) {
    if (!std::isfinite(v)) {
      return Error{"the series holds a value that is not a finite number"};
    }
  }
  const size_t n = series.size();
  const size_t m = options.min_segment;
  std::vector<ChangePoint> found;
  if (n < 2 * m) return found;

  // Q scales with the data: standardising keeps the prefix sums small, so
  // their differences stay exact enough for kilotoken figures too.
  const double mean = Mean(series, 0, n);
  double squares = 0;
  for (double v : series) squares += (v - mean) * (v - mean);
  const double scale = std::sqrt(squares / static_cast<double>(n));
  if (scale == 0) return found;  // a constant series has no change
  std::vector<double> x(n);
  for (size_t i = 0; i < n; ++i) x[i] = (series[i] - mean) / scale;

  SplitMix64 random(options.seed);
  std::vector<Segment> segments = {{0, n}};
  std::vector<ChangePoint> accepted;
  while (true) {
    const auto [k, split] = BestOverSegments(x, segments, m);
    if (k == segments.size() || !(split.q > 0)) break;
    const double p =
        PermutationPValue(x, segments, m, split.q, options, random);
    if (p > options.significance) break;
    ChangePoint point;
    point.index = split.tau;
    point.statistic = split.q * scale;  // in the series' own units
    point.p_value = p;
    accepted.push_back(point);
    const Segment old = segments[k];
    segments[k] = {old.begin, split.tau};
    segments.insert(segments.begin() + static_cast<long>(k) + 1,
                    {split.tau, old.end});
  }

  std::sort(accepted.begin(), accepted.end(),
            [](const ChangePoint& a, const ChangePoint& b) {
              return a.index < b.index;
            });
  for (size_t i = 0; i < accepted.size(); ++i) {
    ChangePoint& point = accepted[i];
    const size_t begin = i == 0 ? 0 : accepted[i - 1].index;
    const size_t end = i + 1 == accepted.size() ? n : accepted[i + 1].index;
    point.mean_before = Mean(series, begin, point.index);
    point.mean_after = Mean(series, point.index, end);
    const double delta = point.mean_after - point.mean_before;
    if (point.mean_before != 0) {
      point.relative_change = delta / std::fabs(point.mean_before);
    } else {
      point.relative_change =
          delta == 0
              ? 0
              : std::copysign(std::numeric_limits<double>::infinity(), delta);
    }
    if (std::fabs(point.relative_change) >= options.min_relative_change) {
      found.push_back(point);
    }
  }
  return found;
}

}  // namespace servebench::history
