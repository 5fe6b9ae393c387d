// `history changes`: change points in every (case, metric) series of the
// selected runs, each named by the two runs around it and what differs in
// their contexts.
#ifndef SERVEBENCH_TOOLS_HISTORY_CHANGES_H_
#define SERVEBENCH_TOOLS_HISTORY_CHANGES_H_

#include <optional>
#include <string>
#include <vector>

#include "bench/history/change_points.h"
#include "bench/history/comparable.h"
#include "bench/history/history_types.h"
#include "bench/base/result.h"

namespace servebench::history_tool {

struct ChangesOptions {
  history::ChangePointOptions detection;
  std::string case_name;  // "" for every case
  std::string metric;     // "" for every metric
  // Only changes with at most this many points after them (the newest
  // runs); 0 for all.
  size_t recent = 0;
};

struct Change {
  std::string case_name;
  std::string metric;
  std::string unit;  // "" when bench/metric does not know the metric
  history::ChangePoint point;
  int64_t run_before = 0, run_after = 0;  // the runs on either side
  std::string started_before, started_after;
  std::vector<history::ContextDifference> differences;
  // Worse in the metric's direction; unknown metrics are never regressions.
  bool regression = false;
  size_t points_after = 0;  // points in the series from the change on
};

struct ChangesFound {
  std::vector<Change> changes;
  size_t series = 0;  // (case, metric) series examined
  size_t runs = 0;
  // Series longer than kMaxSeriesLength are cut to their newest points.
  std::vector<std::string> shortened;
};

// Series are examined per case (CaseNames order) and metric (MetricNames
// order). Fails when options name a case or metric that is not there.
Result<ChangesFound> FindChanges(const std::vector<history::StoredRun>& runs,
                                 const ChangesOptions& options);

// One block per change, newest runs last within a series:
//   Isl128Osl64 tpot_ms: +50.3% (4.02 → 6.05 ms, worse), p=0.005
//     between run 6 (2026-03-01T10:05:00) and run 7 (2026-03-01T10:06:00)
//     what differs: label sim_tpot_ms 4 → 6
// after a line saying what was examined and with which settings.
std::string ChangesReport(const ChangesFound& found,
                          const ChangesOptions& options);

}  // namespace servebench::history_tool

#endif  // SERVEBENCH_TOOLS_HISTORY_CHANGES_H_
