// A plain-text table of a run's cases with the seed's required columns:
// decode throughput, TPOT, model memory, available KV cache, KV cache tokens
// (memory figures read "n/a" until the server's facts are known), plus TTFT,
// E2E throughput, actual lengths and each case's status.
#ifndef SERVEBENCH_BENCH_RESULTS_RESULTS_TABLE_H_
#define SERVEBENCH_BENCH_RESULTS_RESULTS_TABLE_H_

#include <optional>
#include <string>
#include <vector>

#include "bench/facts/logs/server_facts.h"
#include "bench/results/results_file.h"

namespace servebench {

// Server-wide memory facts come from `facts`; unknown ones print as "n/a",
// never 0.
std::string FormatResultsTable(const std::vector<CaseRecord>& records,
                               const std::optional<ServerFacts>& facts = {});

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_RESULTS_RESULTS_TABLE_H_
