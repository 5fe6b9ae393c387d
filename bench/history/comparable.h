// Which runs may be compared (the seed's apples-to-apples rule), and what
// differs between two runs' contexts, for explaining a change.
#ifndef SERVEBENCH_BENCH_HISTORY_COMPARABLE_H_
#define SERVEBENCH_BENCH_HISTORY_COMPARABLE_H_

#include <string>
#include <vector>

#include "bench/history/history_types.h"

namespace servebench::history {

// One sentence per apples-to-apples key on which `run` and `other` differ
// where both are known: suite, model, max_model_len, gpu_memory_utilization
// and, with `match_labels`, the labels (a label only one side has counts).
// Empty: the runs are comparable.
std::vector<std::string> Incomparabilities(const HistoryRun& run,
                                           const HistoryRun& other,
                                           bool match_labels);

// Both describe the same run: same start time, host, model and suite (an
// imported file of a run the suite also recorded).
bool SameRun(const HistoryRun& a, const HistoryRun& b);

struct ContextDifference {
  std::string key;     // "label kernel", "engine_version", "commit", ...
  std::string before;  // "(none)" when absent
  std::string after;
};

// Every context fact that differs from `before` to `after`, in the order a
// reader looks for a cause: labels, engine version, commit, engine, model,
// suite, max_model_len, gpu_memory_utilization, host, server flags and
// facts, server figures. Facts that differ on every run by nature (start
// times, log paths, the log lines facts were read from) are left out.
std::vector<ContextDifference> ContextDifferences(const HistoryRun& before,
                                                  const HistoryRun& after);

// "label kernel marlin → cutlass; commit 1a2b3c4d5e → 6f7a8b9c0d".
std::string DescribeDifferences(const std::vector<ContextDifference>& diffs);

}  // namespace servebench::history

#endif  // SERVEBENCH_BENCH_HISTORY_COMPARABLE_H_
