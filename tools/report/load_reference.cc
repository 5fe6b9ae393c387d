// Load levels against a baseline's entries or another run's levels.
#include "tools/report/load_reference.h"

#include "bench/gating/regression.h"
#include "tools/report/format.h"

namespace servebench::report {
namespace {

LevelKey KeyOf(const RunCase& c) { return {c.isl, c.osl, c.level}; }

}  // namespace

LevelReference LevelsAgainstBaseline(const RunRecord& run,
                                     const Baseline& baseline) {
  LevelReference ref;
  ref.kind = "baseline";
  ref.name = baseline.source;
  for (const BaselineLoad& load : baseline.loads) {
    const LevelKey key{load.isl, load.osl, load.Level()};
    ref.figures[key] = load.figures;
    if (run.FindLoad(load.isl, load.osl, load.Level()) == nullptr) {
      ref.missing.push_back(load.Name());
    }
    std::vector<CurvePoint>& points = ref.curves[{load.isl, load.osl}];
    if (!load.sweep) {
      points.push_back(PointOf(load.Level(), load.figures));
      continue;
    }
    const auto curve = [&](const char* name,
                           size_t i) -> std::optional<double> {
      const auto it = load.curve.find(name);
      if (it == load.curve.end() || i >= it->second.size()) return std::nullopt;
      return it->second[i];
    };
    const auto it = load.curve.find("output_tps");
    const size_t n = it == load.curve.end() ? 0 : it->second.size();
    for (size_t i = 0; i < n; ++i) {
      points.push_back({"Sweep " + std::to_string(i + 1),
                        curve("request_tps", i), curve("output_tps", i),
                        curve("per_user_tps", i), curve("ttft_ms_p50", i),
                        curve("ttft_ms_p99", i)});
    }
  }
  for (const RunCase& c : run.cases) {
    if (!c.is_load()) continue;
    const BaselineLoad* load = baseline.FindLoad(c.isl, c.osl, c.level);
    if (load == nullptr || c.load.empty()) continue;
    std::map<Metric, Measured> measured;
    for (const auto& [metric, value] : c.load) measured[metric] = {value, {}};
    const Comparison comparison =
        Compare(measured, load->figures, baseline.TolerancesFor(*load));
    std::map<Metric, Delta>& deltas = ref.deltas[KeyOf(c)];
    for (const MetricComparison& m : comparison.metrics) {
      const bool regressed = m.verdict == Verdict::kRegression;
      deltas[m.metric] = Delta{m.change_pct, regressed ? "\u26a0" : ""};
      if (regressed) ref.regressions.push_back(c.name + ": " + m.Explain());
    }
  }
  return ref;
}

LevelReference LevelsAgainstRun(const RunRecord& run, const RunRecord& other) {
  LevelReference ref;
  ref.kind = "other run";
  ref.name = other.source;
  ref.curves = CurvesOf(other);
  for (const RunCase& theirs : other.cases) {
    if (!theirs.is_load()) continue;
    ref.figures[KeyOf(theirs)] = theirs.load;
    if (run.FindLoad(theirs.isl, theirs.osl, theirs.level) == nullptr) {
      ref.missing.push_back(theirs.name);
    }
  }
  for (const RunCase& ours : run.cases) {
    if (!ours.is_load()) continue;
    const RunCase* theirs = other.FindLoad(ours.isl, ours.osl, ours.level);
    if (theirs == nullptr) continue;
    for (const auto& [metric, value] : ours.load) {
      const std::optional<double> change =
          ChangePct(value, Find(theirs->load, metric));
      if (!change) continue;
      const bool worse = Info(metric).higher_is_better
                             ? *change < -kRunThresholdPct
                             : *change > kRunThresholdPct;
      ref.deltas[KeyOf(ours)][metric] = Delta{*change, worse ? "\u26a0" : ""};
      if (worse) {
        ref.regressions.push_back(ours.name + ": " + Info(metric).name + " " +
                                  SignedPercent(*change) + " against " +
                                  other.source);
      }
    }
  }
  return ref;
}

}  // namespace servebench::report
