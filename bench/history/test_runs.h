// Synthetic runs and cases for the history's tests.
#ifndef SERVEBENCH_BENCH_HISTORY_TEST_RUNS_H_
#define SERVEBENCH_BENCH_HISTORY_TEST_RUNS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "bench/history/history_types.h"

namespace servebench::history {

// A run of suite "core" on model "m" with max_model_len 4096 and
// gpu_memory_utilization 0.9, started on 2026-03-01 plus `minute` minutes.
HistoryRun TestRun(int minute);

// A passed sequential case with the given means and, when `samples` is not
// empty, those samples for every metric in `means` scaled by mean / 100
// (samples are given as percentages of the mean).
HistoryCase TestCase(const std::string& name,
                     const std::map<std::string, double>& means,
                     const std::vector<double>& samples_pct = {});

// A stored run with id `id`, context TestRun(id) and one case.
StoredRun TestStoredRun(int64_t id, const HistoryCase& c);

}  // namespace servebench::history

#endif  // SERVEBENCH_BENCH_HISTORY_TEST_RUNS_H_
