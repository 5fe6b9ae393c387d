// Measurements and expectations of a case, and the gate's repeat loop.
#include "bench/gating/case_gate.h"

#include <algorithm>
#include <utility>

namespace servebench {

CaseMeasurement MeasurementOf(const CaseOutcome& outcome,
                              const std::map<Metric, double>& memory) {
  CaseMeasurement measured;
  auto add = [&](Metric metric, auto get) {
    Measured m;
    for (const auto& sample : outcome.samples) {
      if (std::optional<double> v = get(sample)) m.samples.push_back(*v);
    }
    if (m.samples.empty()) return;
    double sum = 0;
    for (double v : m.samples) sum += v;
    m.mean = sum / m.samples.size();
    measured[metric] = std::move(m);
  };
  add(Metric::kTtftMs, [](const RequestFigures& f) -> std::optional<double> {
    return f.ttft_ms;
  });
  add(Metric::kTpotMs, [](const RequestFigures& f) { return f.tpot_ms; });
  add(Metric::kDecodeTps, [](const RequestFigures& f) { return f.decode_tps; });
  add(Metric::kE2eTps, [](const RequestFigures& f) { return f.e2e_tps; });
  for (const auto& [metric, value] : memory)
    measured[metric] = Measured{value, {}};
  return measured;
}

BaselineExpectation ExpectationNamed(const Baseline& baseline,
                                     const std::string& entry_name,
                                     std::map<Metric, double> figures,
                                     std::map<Metric, Tolerance> tolerances,
                                     bool inconclusive_fails) {
  BaselineExpectation e;
  e.source = baseline.source + " [" + entry_name + "]";
  e.figures = std::move(figures);
  e.tolerances = std::move(tolerances);
  e.inconclusive_fails = inconclusive_fails;
  return e;
}

BaselineExpectation ExpectationFor(const Baseline& baseline,
                                   const BaselineCase& baseline_case,
                                   bool inconclusive_fails) {
  std::map<Metric, double> figures = baseline_case.figures;
  for (const auto& [metric, value] : baseline.server) figures[metric] = value;
  return ExpectationNamed(baseline, baseline_case.Name(), std::move(figures),
                          baseline.TolerancesFor(&baseline_case),
                          inconclusive_fails);
}

GateReport GateWithRepeats(BaselineExpectation expectation,
                           const std::function<CaseMeasurement()>& measure,
                           const std::function<size_t()>& runs_so_far,
                           int max_runs, const MeasureOneMore& measure_more) {
  GateReport report;
  report.expectation = std::move(expectation);
  const auto compare = [&] {
    return Compare(measure(), report.expectation.figures,
                   report.expectation.tolerances);
  };
  report.comparison = compare();
  // A spread that straddles a threshold says nothing yet: measure more.
  while (report.comparison.Overall() == Verdict::kUnclear &&
         runs_so_far() < static_cast<size_t>(std::max(max_runs, 0)) &&
         measure_more().ok()) {
    report.comparison = compare();
  }
  MarkUnclearInconclusive(report.comparison);
  report.failed = report.comparison.HasVerdict(Verdict::kRegression) ||
                  (report.expectation.inconclusive_fails &&
                   report.comparison.HasVerdict(Verdict::kInconclusive));
  return report;
}

GateReport GateCase(BaselineExpectation expectation, const CaseOutcome& outcome,
                    const std::map<Metric, double>& memory, int max_runs,
                    const MeasureOneMore& measure_more) {
  return GateWithRepeats(
      std::move(expectation), [&] { return MeasurementOf(outcome, memory); },
      [&] { return outcome.samples.size(); }, max_runs, measure_more);
}

}  // namespace servebench
