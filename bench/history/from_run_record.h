// Existing result files as history: a run read by bench/run_record (a
// suite's JUnit XML, servebench's results JSON, the seed script's JSON)
// turned into the history's structs, with the context facts those files
// carry beyond what RunRecord keeps (host, start time, server flags).
#ifndef SERVEBENCH_BENCH_HISTORY_FROM_RUN_RECORD_H_
#define SERVEBENCH_BENCH_HISTORY_FROM_RUN_RECORD_H_

#include <map>
#include <string>
#include <vector>

#include "bench/history/history_types.h"
#include "bench/base/result.h"
#include "bench/results/run_record.h"

namespace servebench::history {

// The context facts of a results file as text, by key:
//   servebench JSON: every scalar of "context" (host, started_at, server,
//     endpoint, model_source, max_model_len_source, suite_file, ...), the
//     text facts of "server" (cudagraph_mode, fact_source_*, ...),
//     bench_runs and warmup_runs;
//   seed JSON: bench_runs and the scalars of cuda_graph_info
//     (compilation_mode, cudagraph_mode_requested, num_graphs, ...);
//   JUnit XML: the <testsuite> properties GoogleTest writes as attributes,
//     other than its own (name, tests, failures, time, ...).
// Keys RunRecord reads itself (model, suite, engine, max_model_len,
// gpu_memory_utilization, memory figures) are left out. Nulls are skipped;
// at most kMaxContextEntries entries, values cut to kMaxLongText.
Result<std::map<std::string, std::string>> ReadRunContext(
    const std::string& path);

struct ImportedRun {
  HistoryRun run;
  std::vector<HistoryCase> cases;
};

// The history's view of `record`: identity fields from the record, host,
// started_at (context's started_at, else the record's timestamp) and
// engine_version taken out of `context`, the rest of `context` kept as is;
// every case with its status, means and samples by metric name, the
// concurrency level from a name ending in "Conc<N>". `source` is the file.
ImportedRun FromRunRecord(const RunRecord& record,
                          std::map<std::string, std::string> context);

}  // namespace servebench::history

#endif  // SERVEBENCH_BENCH_HISTORY_FROM_RUN_RECORD_H_
