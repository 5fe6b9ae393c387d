// The verdict on a load level against its [[load]] baseline entry, with the
// noise rule applied to what a level gives:
//
//   - output_tps, request_tps, goodput_rps, knee_rps: one value per run of
//     the level (a level is one experiment). With one run the value
//     decides, as for memory facts; when the level runs again (below) each
//     run is a sample and the Student t interval of their mean decides, as
//     for a sequential case's runs.
//   - per_user_tps is a mean over requests: its samples are the requests'
//     decode tok/s, with the t interval of their mean.
//   - ttft_ms_p50/p99, tpot_ms_p50/p99 are percentiles of the requests'
//     values (pooled over runs). Their 95% interval is distribution-free,
//     from order statistics: [x(l), x(u)] with l, u the ranks at which the
//     binomial(n, q) distribution leaves 2.5% on each side. Where n is too
//     small for such ranks (p99 needs about 370 requests), there is no
//     interval and the value decides.
// While the verdict is unclear the level runs again, up to `max_runs` runs
// in all; still unclear then, it is inconclusive, as for sequential cases.
#ifndef SERVEBENCH_BENCH_GATING_LOAD_GATE_H_
#define SERVEBENCH_BENCH_GATING_LOAD_GATE_H_

#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "bench/gating/baseline.h"
#include "bench/gating/case_gate.h"
#include "bench/gating/expectation.h"
#include "bench/gating/metric.h"

namespace servebench {

// A load level runs at most this many times while its verdict is unclear.
inline constexpr int kMaxLevelRuns = 3;

// What one run of a level measured.
struct LoadLevelRun {
  // output_tps, request_tps, goodput_rps, knee_rps: those it has.
  std::map<Metric, double> values;
  // Per measured request that succeeded.
  std::vector<double> ttft_ms, tpot_ms, decode_tps;
};

// The distribution-free 95% interval of the q-th quantile (0 < q < 1) of
// `samples`, by order statistics; nullopt when there are too few samples.
std::optional<std::pair<double, double>> QuantileInterval(
    std::vector<double> samples, double q);

// The level's figures in the comparison's terms (rules above).
CaseMeasurement LoadMeasurementOf(const std::vector<LoadLevelRun>& runs);

// What the level is held to: its [[load]] figures and tolerances.
BaselineExpectation ExpectationForLoad(const Baseline& baseline,
                                       const BaselineLoad& load,
                                       bool inconclusive_fails);

// Compares `runs` with `expectation`; while unclear and fewer than
// `max_runs` runs, calls `measure_more` (which appends a run) and compares
// again.
GateReport GateLoadLevel(BaselineExpectation expectation,
                         const std::vector<LoadLevelRun>& runs, int max_runs,
                         const MeasureOneMore& measure_more);

}  // namespace servebench

#endif  // SERVEBENCH_BENCH_GATING_LOAD_GATE_H_
