// `history trend`: one figure of one case across runs, with the change
// points in it, as a markdown table (and, see trend_chart.h, an SVG chart).
#ifndef SERVEBENCH_TOOLS_HISTORY_TREND_H_
#define SERVEBENCH_TOOLS_HISTORY_TREND_H_

#include <optional>
#include <string>
#include <vector>

#include "bench/history/change_points.h"
#include "bench/history/history_types.h"
#include "bench/history/series.h"
#include "bench/base/result.h"

namespace servebench::history_tool {

struct TrendRow {
  int64_t run_id = 0;
  std::string started_at;
  std::string model;
  std::optional<int64_t> max_model_len;
  std::string labels;  // "kernel=marlin,mtp=2"
  std::string commit;
  history::SeriesPoint point;
};

struct Trend {
  std::string case_name;
  std::string metric;
  std::string unit;            // "" for metrics bench/metric does not know
  std::string direction;       // "higher is better", "lower is better" or ""
  std::vector<TrendRow> rows;  // oldest first
  std::vector<history::ChangePoint> changes;  // indexes into rows
  std::optional<double> baseline;  // the baseline's figure for the case
  std::string baseline_source;
};

// The trend of `metric` for `case_name` over `runs` (oldest first), change
// points detected on each row's value (SeriesPoint::Value), over the newest
// kMaxSeriesLength rows when there are more. Fails when the
// case never passed with that figure (naming the cases and metrics there
// are), or when detection refuses its options.
Result<Trend> BuildTrend(const std::vector<history::StoredRun>& runs,
                         const std::string& case_name,
                         const std::string& metric,
                         const history::ChangePointOptions& options);

// A heading, the baseline when there is one, a table (run, started at,
// model, max len, labels, commit, n, mean, median, min, max, change) and a
// line per change point.
std::string TrendTable(const Trend& trend);

}  // namespace servebench::history_tool

#endif  // SERVEBENCH_TOOLS_HISTORY_TREND_H_
