// `baseline update`: refresh a baseline's measured figures from a finished run
// while keeping everything a person wrote into it.
#ifndef SERVEBENCH_TOOLS_BASELINE_UPDATE_H_
#define SERVEBENCH_TOOLS_BASELINE_UPDATE_H_

#include <string>
#include <vector>

#include "bench/base/result.h"
#include "bench/gating/baseline.h"
#include "bench/results/run_record.h"

namespace servebench::baseline_tool {

struct UpdateOptions {
  // Update despite failed cases or a context that differs (max_model_len,
  // gpu_memory_utilization, suite): figures from another setup would make
  // every later comparison apples-to-oranges, so this must be asked for.
  bool force = false;
  // Also store the run's per-run samples (when it has them).
  bool samples = false;
  // Written as [context] recorded_from: the run's path as the user typed it.
  std::string recorded_from;
};

struct UpdateOutcome {
  Baseline baseline;  // to be written
  bool created = false;
  // Reasons a plain update refuses; with force these were overridden.
  std::vector<std::string> problems;
  std::vector<std::string> refreshed;  // case names whose figures changed
  std::vector<std::string> added;      // new cases
  std::vector<std::string> kept;       // cases the run did not measure
};

// Merges `run` into `existing` (null: a new baseline). Pure.
//
// Existing baseline: [context] is kept except recorded_at (the run's
// timestamp) and recorded_from; model, suite, engine, max_model_len and
// gpu_memory_utilization are filled in only where it had none. Tolerances,
// labels and per-case overrides are kept. Each measured case gets the run's
// means (metrics the run did not measure keep their figures); samples of a
// rewritten figure are replaced by the run's with `samples`, else dropped,
// since they would no longer match the mean. [server] facts the run reports
// replace the old ones. Cases the run skipped, failed (with force) or did not
// measure keep their figures; new cases are appended in the run's order.
// Load levels go the same way into [[load]] entries keyed by ISL, OSL and
// level: their load metrics (metric.h's LoadMetrics()) and, for a sweep,
// its levels as [load.curve].
//
// New baseline: context from the run and DefaultTolerances() written out
// (and DefaultLoadTolerances() when the run has load levels), so that a
// reader sees what the gate allows.
//
// Fails, listing every problem and the --force hint, when the run had failed
// cases or its context differs from the baseline's (where both are known),
// unless options.force; fails regardless when the run measured no case.
Result<UpdateOutcome> MergeRun(const RunRecord& run, const Baseline* existing,
                               const UpdateOptions& options);

// Loads the run and the baseline at `baseline_path` (created when missing),
// merges and writes it atomically: on any failure the file is untouched.
Result<UpdateOutcome> UpdateBaselineFile(const std::string& run_path,
                                         const std::string& baseline_path,
                                         const UpdateOptions& options);

// What happened, for the terminal: one line per kind of change.
std::string DescribeUpdate(const UpdateOutcome& outcome,
                           const std::string& baseline_path);

}  // namespace servebench::baseline_tool

#endif  // SERVEBENCH_TOOLS_BASELINE_UPDATE_H_
