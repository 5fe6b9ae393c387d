// The history of runs as the report's reference (`report RUN --history DB
// --last N`): per case, the median of the last N runs comparable with RUN
// and a tolerance from their spread (bench/history), judged with
// bench/regression's rule, exactly as history gating judges a case.
#ifndef SERVEBENCH_TOOLS_REPORT_AGAINST_HISTORY_H_
#define SERVEBENCH_TOOLS_REPORT_AGAINST_HISTORY_H_

#include <map>
#include <string>
#include <vector>

#include "bench/history/history_types.h"
#include "bench/base/result.h"
#include "bench/results/run_record.h"
#include "tools/report/reference.h"

namespace servebench::report {

// `history`: runs oldest first (HistoryStore::LoadRuns); `run_context`: the
// run file's context (history::ReadRunContext), which tells the run itself
// apart when it was imported into the history too, and is left out.
// Comparable means same suite, model, max_model_len and
// gpu_memory_utilization where both are known (labels are not compared:
// a results file has none). Fails when no case of `run` has a comparable
// run in the history.
Result<Reference> AgainstHistory(
    const RunRecord& run, const std::map<std::string, std::string>& run_context,
    const std::vector<history::StoredRun>& history,
    const std::string& history_name, size_t last);

}  // namespace servebench::report

#endif  // SERVEBENCH_TOOLS_REPORT_AGAINST_HISTORY_H_
