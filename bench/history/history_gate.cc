// The history as a reference for one case.
#include "bench/history/history_gate.h"

#include <algorithm>

#include "bench/history/comparable.h"

namespace servebench::history {

std::string HistoryExpectation::Describe() const {
  std::string ids;
  for (int64_t id : run_ids) {
    ids += (ids.empty() ? "" : ", ") + std::to_string(id);
  }
  return "the median of run" + std::string(run_ids.size() == 1 ? " " : "s ") +
         ids + " in the history";
}

Result<HistoryExpectation> ExpectationFromHistory(
    const std::vector<StoredRun>& history, const HistoryRun& current,
    const std::string& case_name, const HistoryGateOptions& options,
    int64_t exclude_run_id) {
  std::vector<const StoredRun*> chosen;
  for (auto it = history.rbegin();
       it != history.rend() && chosen.size() < options.last_runs; ++it) {
    const StoredRun& stored = *it;
    if (stored.id == exclude_run_id || SameRun(stored.run, current)) continue;
    if (!Incomparabilities(current, stored.run, options.match_labels).empty()) {
      continue;
    }
    const HistoryCase* c = stored.FindCase(case_name);
    if (c == nullptr || c->status != "passed" || c->means.empty()) continue;
    chosen.push_back(&stored);
  }
  std::reverse(chosen.begin(), chosen.end());
  if (chosen.size() < std::max<size_t>(options.min_runs, 1)) {
    return Error{"only " + std::to_string(chosen.size()) + " comparable run" +
                 (chosen.size() == 1 ? "" : "s") + " of " + case_name +
                 " in the history (same suite, model, max_model_len, "
                 "gpu_memory_utilization" +
                 (options.match_labels ? ", labels" : "") + ", case passed); " +
                 std::to_string(options.min_runs) +
                 " are needed to judge it against the history"};
  }
  HistoryExpectation expectation;
  expectation.case_name = case_name;
  for (const StoredRun* stored : chosen) {
    expectation.run_ids.push_back(stored->id);
  }
  for (const MetricInfo& info : AllMetrics()) {
    if (!info.per_case) continue;
    std::vector<RunFigure> values;
    for (const StoredRun* stored : chosen) {
      const HistoryCase* c = stored->FindCase(case_name);
      if (const auto it = c->means.find(info.name); it != c->means.end()) {
        RunFigure figure{it->second, {}};
        if (const auto s = c->samples.find(info.name); s != c->samples.end()) {
          figure.samples = s->second;
        }
        values.push_back(std::move(figure));
      }
    }
    if (values.size() < std::max<size_t>(options.min_runs, 1)) continue;
    const FigureReference reference = ReferenceOf(values, options.spread, info.metric);
    expectation.figures[info.metric] = reference.median;
    expectation.tolerances[info.metric] = reference.tolerance;
  }
  return expectation;
}

Comparison GateAgainstHistory(const std::map<Metric, Measured>& measured,
                              const HistoryExpectation& expectation) {
  return Compare(measured, expectation.figures, expectation.tolerances);
}

}  // namespace servebench::history
