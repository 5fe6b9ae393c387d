// A suite run as history: its results context and each finished case turned
// into the history's structs, so the suite appends to BENCH_HISTORY as it
// goes (HistoryStore::BeginRun, then AppendCase after every case).
#ifndef SERVEBENCH_BENCH_HISTORY_FROM_SUITE_H_
#define SERVEBENCH_BENCH_HISTORY_FROM_SUITE_H_

#include <map>
#include <optional>
#include <string>

#include "bench/history/history_types.h"
#include "bench/results/results_file.h"

namespace servebench::history {

// The run: suite, model, engine (from the facts), host, start time, max
// model length, GPU memory utilisation, the memory figures, `labels`,
// `commit`, and as text context the endpoint, server URL (redacted), where
// the model and max length came from, the fact sources and text facts.
HistoryRun HistoryRunOf(const RunContext& context,
                        const std::map<std::string, std::string>& labels,
                        const std::optional<std::string>& commit);

// The case: status, verdict, message, the mean of every per-run figure with
// its samples (ttft_ms, tpot_ms, decode_tps, e2e_tps, ttfc_ms), the actual
// lengths, and its server figures (e.g. output_tps at a load level, the
// per-case KV cache peak); level = the concurrency above 1, else 0.
HistoryCase HistoryCaseOf(const CaseRecord& record);

}  // namespace servebench::history

#endif  // SERVEBENCH_BENCH_HISTORY_FROM_SUITE_H_
