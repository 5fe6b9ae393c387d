// Medians and spreads of comparable runs as a report reference.
#include "tools/report/against_history.h"

#include <algorithm>
#include <set>

#include "bench/history/from_run_record.h"
#include "bench/history/history_gate.h"
#include "bench/history/spread.h"
#include "tools/report/verdicts.h"

namespace servebench::report {

Result<Reference> AgainstHistory(
    const RunRecord& run, const std::map<std::string, std::string>& run_context,
    const std::vector<history::StoredRun>& history,
    const std::string& history_name, size_t last) {
  const history::HistoryRun current =
      history::FromRunRecord(run, run_context).run;
  history::HistoryGateOptions options;
  options.last_runs = last;
  options.min_runs = 1;  // a report shows even one earlier run
  options.match_labels = false;

  Reference ref;
  ref.kind = "history";
  ref.name = history_name;
  std::set<int64_t> used;
  for (const RunCase& ours : run.cases) {
    if (ours.means.empty()) continue;
    Result<history::HistoryExpectation> expectation =
        history::ExpectationFromHistory(history, current, ours.name, options);
    if (!expectation.ok()) continue;  // no comparable run measured this case
    used.insert(expectation->run_ids.begin(), expectation->run_ids.end());
    ref.figures[{ours.isl, ours.osl}] = expectation->figures;
    std::map<Metric, Delta> deltas =
        Judge(ours.name,
              history::GateAgainstHistory(MeasuredOf(ours.means, ours.samples),
                                          *expectation),
              ref);
    ref.deltas[{ours.isl, ours.osl}] = deltas;
  }
  if (used.empty()) {
    return Error{"no run in " + history_name + " is comparable with " +
                 run.source +
                 " (same suite, model, max_model_len and "
                 "gpu_memory_utilization, the case passed); nothing to compare "
                 "with"};
  }

  // Context: the newest run used; memory facts: medians over the runs used.
  std::vector<const history::StoredRun*> runs;
  for (const history::StoredRun& stored : history) {
    if (used.count(stored.id) > 0) runs.push_back(&stored);
  }
  const history::HistoryRun& newest = runs.back()->run;
  ContextFacts facts{newest.model,
                     newest.engine,
                     newest.suite,
                     newest.max_model_len,
                     newest.gpu_memory_utilization,
                     {}};
  std::map<Metric, Tolerance> server_tolerances;
  for (const MetricInfo& info : AllMetrics()) {
    if (info.per_case) continue;
    std::vector<history::RunFigure> values;
    for (const history::StoredRun* stored : runs) {
      if (auto it = stored->run.server.find(info.name);
          it != stored->run.server.end()) {
        values.push_back({it->second, {}});
      }
    }
    if (values.empty()) continue;
    const history::FigureReference reference =
        history::ReferenceOf(values, options.spread, info.metric);
    facts.server[info.metric] = reference.median;
    server_tolerances[info.metric] = reference.tolerance;
  }
  ref.context = CompareContext(FactsOf(run), facts);
  MarkMemoryRows(Judge("server",
                       Compare(MeasuredOf(run.server, {}), facts.server,
                               server_tolerances),
                       ref),
                 ref);

  std::string ids;
  for (const history::StoredRun* stored : runs) {
    ids += (ids.empty() ? "" : ", ") + std::to_string(stored->id);
  }
  ref.legend =
      "Δ% is (run − history) / |history|, the history being the median of "
      "the last " +
      std::to_string(last) + " comparable runs per case (" +
      (runs.size() == 1 ? "run " : "runs ") + ids + " of `" + history_name +
      "`). ⚠: beyond the tolerance from those runs' spread (a regression); "
      "?: inconclusive (the 95% interval straddles the threshold).\n\n";
  return ref;
}

}  // namespace servebench::report
