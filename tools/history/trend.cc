// Building and printing a trend.
#include "tools/history/trend.h"

#include <cstdio>

#include "bench/base/text_format.h"
#include "bench/gating/metric.h"
#include "bench/history/labels.h"
#include "tools/history/text.h"

namespace servebench::history_tool {
namespace {

std::string Listed(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) {
    text += (text.empty() ? "" : ", ") + name;
  }
  return text.empty() ? "none" : text;
}

std::string PValue(double p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", p);
  return buf;
}

}  // namespace

Result<Trend> BuildTrend(const std::vector<history::StoredRun>& runs,
                         const std::string& case_name,
                         const std::string& metric,
                         const history::ChangePointOptions& options) {
  Trend trend;
  trend.case_name = case_name;
  trend.metric = metric;
  if (const auto known = MetricByName(metric)) {
    trend.unit = Info(*known).unit;
    trend.direction =
        Info(*known).higher_is_better ? "higher is better" : "lower is better";
  }
  const std::vector<history::SeriesPoint> points =
      history::CaseSeries(runs, case_name, metric);
  if (points.empty()) {
    const std::vector<std::string> cases = history::CaseNames(runs);
    bool known_case = false;
    for (const std::string& c : cases) known_case |= c == case_name;
    if (!known_case) {
      return Error{"no run in the selection has case " + case_name +
                   "; cases: " + Listed(cases)};
    }
    return Error{"case " + case_name + " never passed with " + metric +
                 " in the selection; its metrics: " +
                 Listed(history::MetricNames(runs, case_name))};
  }
  std::vector<double> values;
  for (const history::SeriesPoint& point : points) {
    const history::StoredRun& stored = runs[point.run_index];
    trend.rows.push_back({stored.id, stored.run.started_at, stored.run.model,
                          stored.run.max_model_len,
                          history::FormatLabels(stored.run.labels),
                          stored.run.commit, point});
    values.push_back(point.Value());
  }
  // Detection looks at the newest kMaxSeriesLength runs of a longer trend.
  const size_t skipped = values.size() > history::kMaxSeriesLength
                             ? values.size() - history::kMaxSeriesLength
                             : 0;
  values.erase(values.begin(), values.begin() + static_cast<long>(skipped));
  Result<std::vector<history::ChangePoint>> changes =
      history::DetectChangePoints(values, options);
  if (!changes.ok()) return changes;
  for (history::ChangePoint& change : *changes) change.index += skipped;
  trend.changes = std::move(*changes);
  return trend;
}

std::string TrendTable(const Trend& trend) {
  const std::string unit = trend.unit.empty() ? "" : " " + trend.unit;
  std::string out = "# " + trend.metric + " of " + trend.case_name;
  if (!trend.unit.empty()) {
    out += " (" + trend.unit +
           (trend.direction.empty() ? "" : ", " + trend.direction) + ")";
  }
  out += "\n\n" + std::to_string(trend.rows.size()) +
         " runs, oldest first. median, min and max are over each run's "
         "measured requests; where a run kept no per-request samples, its "
         "mean stands in for the median.\n\n";
  if (trend.baseline) {
    out += "Baseline: " + Figure(trend.baseline) + unit + " (" +
           trend.baseline_source + ")\n\n";
  }
  out +=
      "| run | started at | model | max len | labels | commit | n | mean | "
      "median | min | max | change |\n"
      "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (size_t i = 0; i < trend.rows.size(); ++i) {
    const TrendRow& row = trend.rows[i];
    std::string change;
    for (const history::ChangePoint& c : trend.changes) {
      if (c.index != i) continue;
      const bool up = c.relative_change > 0;
      std::string judgement;
      if (!trend.direction.empty()) {
        const bool higher_better = trend.direction == "higher is better";
        judgement = up == higher_better ? " better" : " worse";
      }
      change = std::string(up ? "\u25b2 " : "\u25bc ") +
               SignedPercent(c.relative_change) + judgement +
               " (p=" + PValue(c.p_value) + ")";
    }
    const history::SeriesPoint& p = row.point;
    out += "| " + std::to_string(row.run_id) + " | " +
           MarkdownCell(row.started_at) + " | " + MarkdownCell(row.model) +
           " | " +
           (row.max_model_len ? std::to_string(*row.max_model_len) : "") +
           " | " + MarkdownCell(row.labels) + " | " +
           MarkdownCell(ShortCommit(row.commit)) + " | " +
           std::to_string(p.samples) + " | " + Figure(p.mean) + " | " +
           Figure(p.Value()) + " | " + (p.min ? Figure(p.min) : "") + " | " +
           (p.max ? Figure(p.max) : "") + " | " + change + " |\n";
  }
  out += "\n";
  if (trend.changes.empty()) {
    out += "No change points.\n";
  }
  for (const history::ChangePoint& c : trend.changes) {
    const TrendRow& before = trend.rows[c.index - 1];
    const TrendRow& after = trend.rows[c.index];
    out += "Change point between run " + std::to_string(before.run_id) +
           " and run " + std::to_string(after.run_id) + ": " +
           Figure(c.mean_before) + unit + " \u2192 " + Figure(c.mean_after) +
           unit + " (" + SignedPercent(c.relative_change) +
           ", p=" + PValue(c.p_value) + ")\n";
  }
  return out;
}

}  // namespace servebench::history_tool
