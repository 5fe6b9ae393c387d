// The verdict on one case against its baseline, the way google/benchmark's
// runner owns "run more until the result is significant": compare, and while
// the verdict is unclear measure one more run and compare again, up to a
// bound; then report.
#ifndef SERVEBENCH_BENCH_GATING_CASE_GATE_H_
#define SERVEBENCH_BENCH_GATING_CASE_GATE_H_

#include <cstddef>
#include <functional>
#include <map>
#include <string>

#include "bench/base/result.h"
#include "bench/gating/baseline.h"
#include "bench/gating/expectation.h"
#include "bench/gating/metric.h"
#include "bench/gating/regression.h"
#include "bench/runner/case_runner.h"

namespace servebench {

// A case's figures (means and samples of the per-case metrics) plus the
// server's memory facts, in the comparison's terms.
CaseMeasurement MeasurementOf(const CaseOutcome& outcome,
                              const std::map<Metric, double>& memory);

// What an entry of `baseline` named `entry_name` ("Isl1024Osl128") is held
// to: `figures` within `tolerances`, its source "file [entry_name]".
BaselineExpectation ExpectationNamed(const Baseline& baseline,
                                     const std::string& entry_name,
                                     std::map<Metric, double> figures,
                                     std::map<Metric, Tolerance> tolerances,
                                     bool inconclusive_fails);

// What the case is held to: the baseline case's figures and the server's
// memory figures, with their tolerances.
BaselineExpectation ExpectationFor(const Baseline& baseline,
                                   const BaselineCase& baseline_case,
                                   bool inconclusive_fails);

struct GateReport {
  BaselineExpectation expectation;
  Comparison comparison;  // final: no kUnclear left
  // A regression, or an inconclusive verdict that fails.
  bool failed = false;
};

// Appends one more measured run to the case's outcome; an error ends the
// repeats (the failure is then in the outcome).
using MeasureOneMore = std::function<Status()>;

// The repeat loop both gates share: compares `measure()` with `expectation`;
// while the verdict is unclear and `runs_so_far()` is below `max_runs`, calls
// `measure_more` and compares again. Unclear verdicts left at the end become
// inconclusive.
GateReport GateWithRepeats(BaselineExpectation expectation,
                           const std::function<CaseMeasurement()>& measure,
                           const std::function<size_t()>& runs_so_far,
                           int max_runs, const MeasureOneMore& measure_more);

// Compares `outcome` (plus `memory`) with `expectation`; while the verdict is
// unclear and the case has fewer than `max_runs` samples, calls
// `measure_more` and compares again. Unclear verdicts left at the end become
// inconclusive.
GateReport GateCase(BaselineExpectation expectation, const CaseOutcome& outcome,
                    const std::map<Metric, double>& memory, int max_runs,
                    const MeasureOneMore& measure_more);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_GATING_CASE_GATE_H_
