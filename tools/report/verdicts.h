// bench/regression comparisons turned into report deltas and findings,
// shared by the references that judge with tolerances (a baseline, the
// history).
#ifndef SERVEBENCH_TOOLS_REPORT_VERDICTS_H_
#define SERVEBENCH_TOOLS_REPORT_VERDICTS_H_

#include <map>
#include <string>
#include <vector>

#include "bench/gating/metric.h"
#include "bench/gating/regression.h"
#include "tools/report/reference.h"

namespace servebench::report {

// Means with their per-run samples where the run has them.
std::map<Metric, Measured> MeasuredOf(
    const std::map<Metric, double>& means,
    const std::map<Metric, std::vector<double>>& samples);

// A report is read after the run: verdicts still unclear are inconclusive
// ("?"), regressions get "⚠"; each becomes a finding in `ref` prefixed with
// `where`. Returns the deltas by metric.
std::map<Metric, Delta> Judge(const std::string& where, Comparison comparison,
                              Reference& ref);

// Marks the context table's memory rows with the server-wide verdicts.
void MarkMemoryRows(const std::map<Metric, Delta>& server, Reference& ref);

}  // namespace servebench::report

#endif  // SERVEBENCH_TOOLS_REPORT_VERDICTS_H_
