// The whole markdown report: header, apples-to-apples context (with a
// reference), a table per regime and the key findings. Deterministic: every
// date in it comes from the input.
#ifndef SERVEBENCH_TOOLS_REPORT_REPORT_H_
#define SERVEBENCH_TOOLS_REPORT_REPORT_H_

#include <string>
#include <utility>
#include <vector>

#include "bench/results/run_record.h"
#include "tools/report/load_points.h"
#include "tools/report/reference.h"

namespace servebench::report {

struct ReportOptions {
  std::string chart_file;  // e.g. "chart.svg": linked when not empty
  // Load levels: what they are compared with (may be null), and the load
  // charts to link, when written: (title, file) pairs.
  const LevelReference* load_reference = nullptr;
  std::vector<std::pair<std::string, std::string>> load_charts;
};

// `reference` may be null.
std::string RenderReport(const RunRecord& run, const Reference* reference,
                         const ReportOptions& options = {});

}  // namespace servebench::report

#endif  // SERVEBENCH_TOOLS_REPORT_REPORT_H_
