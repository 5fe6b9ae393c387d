// Change detection over every series of a selection of runs.
#include "tools/history/changes.h"

#include <algorithm>
#include <cstdio>

#include "bench/gating/metric.h"
#include "bench/history/series.h"
#include "tools/history/text.h"

namespace servebench::history_tool {
namespace {

std::string Number(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", value);
  return buf;
}

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string Listed(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) {
    text += (text.empty() ? "" : ", ") + name;
  }
  return text.empty() ? "none" : text;
}

}  // namespace

Result<ChangesFound> FindChanges(const std::vector<history::StoredRun>& runs,
                                 const ChangesOptions& options) {
  ChangesFound found;
  found.runs = runs.size();
  const std::vector<std::string> cases = history::CaseNames(runs);
  if (!options.case_name.empty() && !Contains(cases, options.case_name)) {
    return Error{"no run in the selection has case " + options.case_name +
                 "; cases: " + Listed(cases)};
  }
  bool metric_seen = options.metric.empty();
  for (const std::string& case_name : cases) {
    if (!options.case_name.empty() && case_name != options.case_name) continue;
    for (const std::string& metric : history::MetricNames(runs, case_name)) {
      if (!options.metric.empty() && metric != options.metric) continue;
      metric_seen = true;
      std::vector<history::SeriesPoint> points =
          history::CaseSeries(runs, case_name, metric);
      if (points.size() > history::kMaxSeriesLength) {
        points.erase(
            points.begin(),
            points.end() - static_cast<long>(history::kMaxSeriesLength));
        found.shortened.push_back(case_name + " " + metric);
      }
      ++found.series;
      std::vector<double> values;
      for (const history::SeriesPoint& p : points) values.push_back(p.Value());
      Result<std::vector<history::ChangePoint>> detected =
          history::DetectChangePoints(values, options.detection);
      if (!detected.ok()) {
        return Error{case_name + " " + metric + ": " + detected.error()};
      }
      const std::optional<Metric> known = MetricByName(metric);
      for (const history::ChangePoint& point : *detected) {
        Change change;
        change.case_name = case_name;
        change.metric = metric;
        change.unit = known ? Info(*known).unit : "";
        change.point = point;
        const history::StoredRun& before =
            runs[points[point.index - 1].run_index];
        const history::StoredRun& after = runs[points[point.index].run_index];
        change.run_before = before.id;
        change.run_after = after.id;
        change.started_before = before.run.started_at;
        change.started_after = after.run.started_at;
        change.differences = history::ContextDifferences(before.run, after.run);
        change.regression = known && (Info(*known).higher_is_better
                                          ? point.relative_change < 0
                                          : point.relative_change > 0);
        change.points_after = points.size() - point.index;
        if (options.recent > 0 && change.points_after > options.recent)
          continue;
        found.changes.push_back(std::move(change));
      }
    }
  }
  if (!metric_seen) {
    return Error{"no case in the selection has the metric " + options.metric};
  }
  return found;
}

std::string ChangesReport(const ChangesFound& found,
                          const ChangesOptions& options) {
  const history::ChangePointOptions& d = options.detection;
  std::string out =
      std::to_string(found.changes.size()) + " change" +
      (found.changes.size() == 1 ? "" : "s") + " in " +
      std::to_string(found.series) + " series over " +
      std::to_string(found.runs) +
      " runs (E-divisive means, p <= " + Number(d.significance) + " by " +
      std::to_string(d.permutations) + " permutations, seed " +
      std::to_string(d.seed) + ", at least " + std::to_string(d.min_segment) +
      " runs per segment, change of at least " +
      Number(d.min_relative_change * 100) + "%" +
      (options.recent > 0
           ? ", only changes within the newest " +
                 std::to_string(options.recent) + " runs of a series"
           : "") +
      ")\n";
  for (const std::string& series : found.shortened) {
    out += "note: " + series + " has more than " +
           std::to_string(history::kMaxSeriesLength) +
           " runs; only the newest were examined\n";
  }
  for (const Change& c : found.changes) {
    const std::string unit = c.unit.empty() ? "" : " " + c.unit;
    char p[32];
    std::snprintf(p, sizeof p, "%.3f", c.point.p_value);
    out += "\n" + c.case_name + " " + c.metric + ": " +
           SignedPercent(c.point.relative_change) + " (" +
           Figure(c.point.mean_before) + unit + " \u2192 " +
           Figure(c.point.mean_after) + unit +
           (c.unit.empty() ? "" : (c.regression ? ", worse" : ", better")) +
           "), p=" + p + "\n";
    out += "  between run " + std::to_string(c.run_before) + " (" +
           c.started_before + ") and run " + std::to_string(c.run_after) +
           " (" + c.started_after + ")\n";
    out += "  what differs: " +
           (c.differences.empty()
                ? std::string("nothing recorded (same labels, engine, commit "
                              "and server facts)")
                : history::DescribeDifferences(c.differences)) +
           "\n";
  }
  return out;
}

}  // namespace servebench::history_tool
