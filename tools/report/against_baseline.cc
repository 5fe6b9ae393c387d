// Turning bench/regression verdicts into report deltas and findings.
#include "tools/report/against_baseline.h"

#include "bench/gating/regression.h"
#include "tools/report/format.h"

namespace servebench::report {
namespace {

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

// Records verdicts; returns the deltas by metric.
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
  for (const auto& [metric, delta] : server) {
    for (ContextRow& row : ref.context) {
      if (row.key == MemoryTitle(metric) && !delta.mark.empty()) {
        row.verdict += " " + delta.mark;
      }
    }
  }
  return ref;
}

}  // namespace servebench::report
