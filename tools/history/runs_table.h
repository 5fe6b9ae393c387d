// `history list`: the runs as a markdown table, one row per run.
#ifndef SERVEBENCH_TOOLS_HISTORY_RUNS_TABLE_H_
#define SERVEBENCH_TOOLS_HISTORY_RUNS_TABLE_H_

#include <string>
#include <vector>

#include "bench/history/history_types.h"

namespace servebench::history_tool {

// Columns: run, started at, suite, model, engine (with version), max len,
// gpu util, host, commit, labels, cases (passed/failed/skipped). Unknown
// values are blank. Deterministic: everything comes from the runs.
std::string RunsTable(const std::vector<history::StoredRun>& runs);

}  // namespace servebench::history_tool

#endif  // SERVEBENCH_TOOLS_HISTORY_RUNS_TABLE_H_
