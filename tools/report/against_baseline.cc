// Turning bench/regression verdicts into report deltas and findings.
#include "tools/report/against_baseline.h"

#include "bench/gating/regression.h"
#include "tools/report/format.h"
#include "tools/report/verdicts.h"

namespace servebench::report {
namespace {

ContextFacts FactsOf(const Baseline& baseline) {
  const BaselineContext& c = baseline.context;
  return {c.model,
          c.engine,
          c.suite,
          c.max_model_len,
          c.gpu_memory_utilization,
          baseline.server};
}

}  // namespace

Reference AgainstBaseline(const RunRecord& run, const Baseline& baseline) {
  Reference ref;
  ref.kind = "baseline";
  ref.name = baseline.source;
  ref.context = CompareContext(report::FactsOf(run), FactsOf(baseline));
  for (const BaselineCase& c : baseline.cases) {
    if (!c.figures.empty()) ref.figures[{c.isl, c.osl}] = c.figures;
    if (run.FindCase(c.isl, c.osl) == nullptr) ref.missing.push_back(c.Name());
  }
  for (const RunCase& ours : run.cases) {
    const BaselineCase* theirs = baseline.FindCase(ours.isl, ours.osl);
    if (theirs == nullptr || ours.means.empty()) continue;
    std::map<Metric, Delta> deltas =
        Judge(ours.name,
              Compare(MeasuredOf(ours.means, ours.samples), theirs->figures,
                      baseline.TolerancesFor(theirs)),
              ref);
    // Metrics without a tolerance are not gated but still show their change.
    for (const auto& [metric, mean] : ours.means) {
      const std::optional<double> change =
          ChangePct(mean, Find(theirs->figures, metric));
      if (change && !deltas.count(metric)) deltas[metric] = Delta{*change, ""};
    }
    ref.deltas[{ours.isl, ours.osl}] = deltas;
  }
  const std::map<Metric, Delta> server =
      Judge("server",
            Compare(MeasuredOf(run.server, {}), baseline.server,
                    baseline.TolerancesFor(nullptr)),
            ref);
  // The context table shows memory changes: mark the judged ones there.
  MarkMemoryRows(server, ref);
  return ref;
}

}  // namespace servebench::report
