// The report's load section: per ISL/OSL pair, a table of its closed-loop
// and rate levels (offered, sent and achieved rates, throughput, goodput,
// SLO attainment, TTFT and TPOT percentiles, the client's send lag), its
// sweep (the knee, the saturated rate and each level, kept up or not), and
// what the prefix cache did; with a reference, Δ% columns and findings.
#ifndef SERVEBENCH_TOOLS_REPORT_LOAD_TABLES_H_
#define SERVEBENCH_TOOLS_REPORT_LOAD_TABLES_H_

#include <string>

#include "bench/results/run_record.h"
#include "tools/report/load_points.h"

namespace servebench::report {

// "" when the run has no load level. `reference` may be null.
std::string LoadSection(const RunRecord& run, const LevelReference* reference);

}  // namespace servebench::report

#endif  // SERVEBENCH_TOOLS_REPORT_LOAD_TABLES_H_
