// Summary statistics over a case's measured runs.
//
// mean is the seed's "avg"; median is the middle sample (the mean of the two
// middle samples for an even count); stddev is the sample standard deviation
// (divisor n - 1), 0 for a single sample.
#ifndef SERVEBENCH_BENCH_SUMMARY_STATS_H_
#define SERVEBENCH_BENCH_SUMMARY_STATS_H_

#include <optional>
#include <vector>

namespace servebench {

struct SummaryStats {
  int count = 0;
  double mean = 0;
  double min = 0;
  double max = 0;
  double median = 0;
  double stddev = 0;
};

// Absent for an empty sample set.
std::optional<SummaryStats> Summarize(const std::vector<double>& samples);

// The p-th percentile (0..100, clamped) by linear interpolation between the
// closest ranks (Hyndman & Fan type 7, numpy's and R's default, which vLLM's
// and SGLang's benchmark scripts report): rank = p/100 * (n - 1). Absent for
// no samples.
std::optional<double> Percentile(std::vector<double> samples, double p);

// The same for samples already sorted ascending (not empty): several
// percentiles of one set cost one sort.
double PercentileOfSorted(const std::vector<double>& sorted, double p);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_SUMMARY_STATS_H_
