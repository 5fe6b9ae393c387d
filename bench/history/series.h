// One figure of one case across runs: the series that trends are drawn
// from and change points are found in.
#ifndef SERVEBENCH_BENCH_HISTORY_SERIES_H_
#define SERVEBENCH_BENCH_HISTORY_SERIES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/history/history_types.h"

namespace servebench::history {

struct SeriesPoint {
  size_t run_index = 0;  // into the runs the series was built from
  int64_t run_id = 0;
  double mean = 0;
  // From the run's per-run samples, when it kept them.
  std::optional<double> median, min, max;
  size_t samples = 0;

  // The median where there are samples, else the mean: the value a trend
  // draws and change detection reads.
  double Value() const { return median ? *median : mean; }
};

// The points of `metric` for `case_name`, oldest first: one per run in
// which the case passed with that figure. Failed and skipped cases are left
// out, their figures are not measurements of the configuration.
std::vector<SeriesPoint> CaseSeries(const std::vector<StoredRun>& runs,
                                    const std::string& case_name,
                                    const std::string& metric);

// Case names in the order they first appear.
std::vector<std::string> CaseNames(const std::vector<StoredRun>& runs);

// The metrics recorded for `case_name` in any run: the gated ones in
// bench/metric's order first, then the others alphabetically.
std::vector<std::string> MetricNames(const std::vector<StoredRun>& runs,
                                     const std::string& case_name);

// Median of `values` (mean of the two middle ones for an even count);
// precondition: not empty.
double Median(std::vector<double> values);

}  // namespace servebench::history

#endif  // SERVEBENCH_BENCH_HISTORY_SERIES_H_
