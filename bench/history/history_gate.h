// Gating a case against the history: besides (or instead of) a baseline
// file, a case may fail when its figures fall outside the spread of the last
// N comparable runs, so a slow drift is caught even when the baseline file
// is stale.
//
// The reference is what `history propose-baseline` would write from those
// runs (bench/history/spread.h: the median per figure, a tolerance from
// their spread), and the verdict comes from bench/regression's Compare: the
// same Student-t rule as a baseline, with "unclear" when the case's 95%
// interval straddles the threshold (the suite may then measure more runs).
#ifndef SERVEBENCH_BENCH_HISTORY_HISTORY_GATE_H_
#define SERVEBENCH_BENCH_HISTORY_HISTORY_GATE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "bench/history/history_types.h"
#include "bench/history/spread.h"
#include "bench/gating/metric.h"
#include "bench/gating/regression.h"
#include "bench/base/result.h"

namespace servebench::history {

struct HistoryGateOptions {
  size_t last_runs = 5;  // N: how many comparable runs make the reference
  size_t min_runs = 3;   // fewer comparable runs: no history verdict
  SpreadRule spread;
  // Runs with other labels (BENCH_LABELS) measure another configuration.
  bool match_labels = true;
};

struct HistoryExpectation {
  std::string case_name;
  std::map<Metric, double> figures;        // medians
  std::map<Metric, Tolerance> tolerances;  // from the spread
  std::vector<int64_t> run_ids;            // the runs used, oldest first

  // "the median of runs 12, 13, 14, 15, 16 in the history"
  std::string Describe() const;
};

// The reference for `case_name` from the newest `options.last_runs` runs in
// `history` (oldest first, e.g. HistoryStore::LoadRuns) that are comparable
// with `current` (Incomparabilities is empty), are not `current` itself
// (SameRun, or id `exclude_run_id`), and in which the case passed. Per-case
// gated metrics only (ttft_ms, tpot_ms, decode_tps, e2e_tps); a metric
// enters when at least `min_runs` of those runs have it. Fails, saying how
// many comparable runs there were, when fewer than `min_runs`: the case is
// then not gated against history.
Result<HistoryExpectation> ExpectationFromHistory(
    const std::vector<StoredRun>& history, const HistoryRun& current,
    const std::string& case_name, const HistoryGateOptions& options,
    int64_t exclude_run_id = 0);

// The case's measured figures against the expectation, with bench/
// regression's noise rule. Explain() of each comparison says "baseline" for
// the history's median; Describe() names the runs.
Comparison GateAgainstHistory(const std::map<Metric, Measured>& measured,
                              const HistoryExpectation& expectation);

}  // namespace servebench::history

#endif  // SERVEBENCH_BENCH_HISTORY_HISTORY_GATE_H_
