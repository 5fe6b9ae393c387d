// `history propose-baseline`: a baseline from the last N comparable runs,
// the median of each figure with a tolerance from the runs' spread, so that
// a refreshed baseline holds what the setup actually does, noise included.
#ifndef SERVEBENCH_TOOLS_HISTORY_PROPOSE_H_
#define SERVEBENCH_TOOLS_HISTORY_PROPOSE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "bench/gating/baseline.h"
#include "bench/history/history_types.h"
#include "bench/history/spread.h"
#include "bench/base/result.h"

namespace servebench::history_tool {

struct ProposeOptions {
  size_t last = 5;      // N
  size_t min_runs = 3;  // fewer: no spread to speak of, refused
  history::SpreadRule spread;
  std::string history_path;  // for [context] recorded_from
};

struct Proposal {
  Baseline baseline;
  std::vector<int64_t> run_ids;       // oldest first
  std::vector<std::string> left_out;  // "Isl1024Osl1024: skipped in run 7"
};

// From the newest `options.last` of `runs` (oldest first; already filtered
// by the user). Refuses, naming every difference, when they are not
// apples-to-apples: suite, model, max_model_len, gpu_memory_utilization or
// labels differ (where known). A sequential case enters when it passed in
// every one of the runs; each per-case figure they all have gets the median
// and, in [case.tolerances], the tolerance of history::ReferenceOf (the
// floor, twice the runs' spread, or one run's own 95% half-width, whichever
// is largest); memory facts likewise in [server] and [tolerances]. Context: the
// shared model, suite, max_model_len, gpu_memory_utilization, engine and engine
// version (left empty when the runs disagree), recorded_at = the newest start
// time.
Result<Proposal> ProposeBaseline(const std::vector<history::StoredRun>& runs,
                                 const ProposeOptions& options);

}  // namespace servebench::history_tool

#endif  // SERVEBENCH_TOOLS_HISTORY_PROPOSE_H_
