// Building per-case, per-metric series from stored runs.
#include "bench/history/series.h"

#include <algorithm>
#include <set>

#include "bench/gating/metric.h"

namespace servebench::history {

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

std::vector<SeriesPoint> CaseSeries(const std::vector<StoredRun>& runs,
                                    const std::string& case_name,
                                    const std::string& metric) {
  std::vector<SeriesPoint> points;
  for (size_t i = 0; i < runs.size(); ++i) {
    const HistoryCase* c = runs[i].FindCase(case_name);
    if (c == nullptr || c->status != "passed") continue;
    const auto mean = c->means.find(metric);
    if (mean == c->means.end()) continue;
    SeriesPoint point;
    point.run_index = i;
    point.run_id = runs[i].id;
    point.mean = mean->second;
    if (const auto samples = c->samples.find(metric);
        samples != c->samples.end() && !samples->second.empty()) {
      const std::vector<double>& v = samples->second;
      point.samples = v.size();
      point.median = Median(v);
      point.min = *std::min_element(v.begin(), v.end());
      point.max = *std::max_element(v.begin(), v.end());
    }
    points.push_back(point);
  }
  return points;
}

std::vector<std::string> CaseNames(const std::vector<StoredRun>& runs) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const StoredRun& run : runs) {
    for (const HistoryCase& c : run.cases) {
      if (seen.insert(c.name).second) names.push_back(c.name);
    }
  }
  return names;
}

std::vector<std::string> MetricNames(const std::vector<StoredRun>& runs,
                                     const std::string& case_name) {
  std::set<std::string> present;
  for (const StoredRun& run : runs) {
    if (const HistoryCase* c = run.FindCase(case_name)) {
      for (const auto& [metric, mean] : c->means) present.insert(metric);
    }
  }
  std::vector<std::string> names;
  for (const MetricInfo& info : AllMetrics()) {
    if (present.erase(info.name) > 0) names.push_back(info.name);
  }
  names.insert(names.end(), present.begin(), present.end());
  return names;
}

}  // namespace servebench::history
