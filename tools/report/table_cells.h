// Markdown cells and rows shared by the per-regime tables and the load-level
// tables, so that both read the same way.
#ifndef SERVEBENCH_TOOLS_REPORT_TABLE_CELLS_H_
#define SERVEBENCH_TOOLS_REPORT_TABLE_CELLS_H_

#include <map>
#include <string>
#include <vector>

#include "bench/gating/metric.h"
#include "bench/results/run_record.h"
#include "tools/report/format.h"
#include "tools/report/reference.h"

namespace servebench::report {

// "| a | b |\n": cells are written as given (escape them first).
std::string MarkdownRow(const std::vector<std::string>& cells);

// The case's status with its message ("failed: timeout"), escaped.
std::string StatusCell(const RunCase& c);

// The Δ% of `metric` for the case at `key` ("−8.9% ⚠" with its mark), or
// "n/a" when the reference has none. A template because the per-regime
// reference keys cases by (ISL, OSL) and the load-level one adds the level.
template <typename Key>
std::string DeltaCellAt(const std::map<Key, std::map<Metric, Delta>>& deltas,
                        const Key& key, Metric metric) {
  const auto of_case = deltas.find(key);
  if (of_case == deltas.end()) return "n/a";
  const auto it = of_case->second.find(metric);
  if (it == of_case->second.end()) return "n/a";
  const std::string text = SignedPercent(it->second.change_pct);
  return it->second.mark.empty() ? text : text + " " + it->second.mark;
}

}  // namespace servebench::report

#endif  // SERVEBENCH_TOOLS_REPORT_TABLE_CELLS_H_
