// Regression verdicts as report deltas and findings.
#include "tools/report/verdicts.h"

#include "tools/report/format.h"

namespace servebench::report {

std::map<Metric, Measured> MeasuredOf(
    const std::map<Metric, double>& means,
    const std::map<Metric, std::vector<double>>& samples) {
  std::map<Metric, Measured> measured;
  for (const auto& [metric, mean] : means) {
    Measured m;
    m.mean = mean;
    if (const auto it = samples.find(metric); it != samples.end()) {
      m.samples = it->second;
    }
    measured[metric] = m;
  }
  return measured;
}

std::map<Metric, Delta> Judge(const std::string& where, Comparison comparison,
                              Reference& ref) {
  MarkUnclearInconclusive(comparison);
  std::map<Metric, Delta> deltas;
  for (const MetricComparison& m : comparison.metrics) {
    Delta delta{m.change_pct, ""};
    if (m.verdict == Verdict::kRegression) {
      delta.mark = "\u26a0";
      ref.regressions.push_back(where + ": " + m.Explain());
    } else if (m.verdict == Verdict::kInconclusive) {
      delta.mark = "?";
      ref.inconclusive.push_back(where + ": " + m.Explain());
    }
    deltas[m.metric] = delta;
  }
  return deltas;
}

void MarkMemoryRows(const std::map<Metric, Delta>& server, Reference& ref) {
  for (const auto& [metric, delta] : server) {
    for (ContextRow& row : ref.context) {
      if (row.key == MemoryTitle(metric) && !delta.mark.empty()) {
        row.verdict += " " + delta.mark;
      }
    }
  }
}

}  // namespace servebench::report
