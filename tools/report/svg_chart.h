// A self-contained SVG chart of a run: grouped bars of decode tok/s per
// ISL/OSL pair, and a second panel for TTFT, with the reference's bars beside
// the run's when there is one. Hand-written SVG text: no library needed, and
// the output is deterministic.
#ifndef SERVEBENCH_TOOLS_REPORT_SVG_CHART_H_
#define SERVEBENCH_TOOLS_REPORT_SVG_CHART_H_

#include <string>

#include "bench/results/run_record.h"
#include "tools/report/reference.h"

namespace servebench::report {

// Every bar is a <rect class="bar run"> or <rect class="bar reference">
// with a <title> giving its value; pairs without a value get no bar.
// `reference` may be null.
std::string SvgChart(const RunRecord& run, const Reference* reference);

}  // namespace servebench::report

#endif  // SERVEBENCH_TOOLS_REPORT_SVG_CHART_H_
